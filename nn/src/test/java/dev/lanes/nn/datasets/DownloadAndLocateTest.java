package dev.lanes.nn.datasets;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.lanes.nn.datasets.Failures.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The download path against a real HTTP server on the loopback interface, serving small generated IDX files
 * (one of them corrupted on demand), and the order in which {@link DataLocator} looks for data.
 */
class DownloadAndLocateTest {

    @TempDir
    Path tmp;

    private HttpServer server;
    private final Map<String, byte[]> served = new HashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private Map<DataSetSpec.Part, String> md5 = new EnumMap<>(DataSetSpec.Part.class);
    private DataSetSpec spec;

    @BeforeEach
    void serveSyntheticDataSet() throws IOException {
        Path source = tmp.resolve("source");
        IdxFiles.writeSyntheticDataSet(source, 40, 20, 6, 1);
        for (DataSetSpec.Part part : DataSetSpec.Part.values()) {
            byte[] bytes = Files.readAllBytes(source.resolve(part.fileName()));
            served.put("/data/" + part.fileName(), bytes);
            md5.put(part, md5(bytes));
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = served.get(exchange.getRequestURI().getPath());
            try (exchange) {
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/data/");
        spec = new DataSetSpec("synthetic", base, md5, DataSetSpec.FASHION_MNIST.classNames());
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Downloader downloader(List<String> log) {
        return new Downloader(Duration.ofSeconds(10), log::add);
    }

    private DataLocator locator(Map<String, String> env, Downloader downloader) {
        return new DataLocator(env, tmp.resolve("home"), tmp.resolve("system"), downloader);
    }

    @Test
    void downloadsVerifiesAndLoadsIntoTheCache() throws IOException {
        List<String> log = new ArrayList<>();
        DataLocator locator = locator(Map.of(), downloader(log));
        DataLocator.Location location = locator.locate(spec, null);

        Path cache = tmp.resolve("home/.cache/lanes/datasets/synthetic");
        assertEquals(cache, location.dir());
        assertTrue(location.source().startsWith("downloaded from http://127.0.0.1:"), location.source());
        assertEquals(4, log.size());
        for (DataSetSpec.Part part : DataSetSpec.Part.values()) {
            assertArrayEquals(served.get("/data/" + part.fileName()), Files.readAllBytes(cache.resolve(part.fileName())));
        }
        try (var files = Files.list(cache)) {
            assertEquals(4, files.count(), "no temporary files left behind");
        }
        ImageDataSet data = ImageDataSet.read(spec, location, Pixels.SCALED);
        assertEquals(40, data.train().size());
        assertEquals(20, data.test().size());

        // A second run finds the cache and does not download again.
        int before = requests.get();
        DataLocator.Location again = locator.locate(spec, null);
        assertTrue(again.source().startsWith("cache "), again.source());
        assertEquals(before, requests.get());
    }

    @Test
    void rejectsACorruptedDownloadAndKeepsNothing() throws IOException {
        byte[] good = served.get("/data/" + DataSetSpec.Part.TEST_IMAGES.fileName());
        byte[] corrupted = good.clone();
        corrupted[corrupted.length / 2] ^= 0x01;
        served.put("/data/" + DataSetSpec.Part.TEST_IMAGES.fileName(), corrupted);

        DataLocator locator = locator(Map.of(), downloader(new ArrayList<>()));
        assertFails(IOException.class, () -> locator.locate(spec, null),
                "t10k-images-idx3-ubyte.gz: MD5 mismatch, expected " + md5.get(DataSetSpec.Part.TEST_IMAGES));
        Path cache = tmp.resolve("home/.cache/lanes/datasets/synthetic");
        assertFalse(Files.exists(cache.resolve(DataSetSpec.Part.TEST_IMAGES.fileName())));
        try (var files = Files.list(cache)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")), "partial file removed");
        }
    }

    @Test
    void reportsAMissingFileOnTheServer() {
        served.remove("/data/" + DataSetSpec.Part.TRAIN_LABELS.fileName());
        DataLocator locator = locator(Map.of(), downloader(new ArrayList<>()));
        assertFails(IOException.class, () -> locator.locate(spec, null), "train-labels-idx1-ubyte.gz: server answered HTTP 404");
    }

    @Test
    void withoutDownloadingSaysWhereItLooked() {
        DataLocator locator = locator(Map.of(), null);
        assertFails(IOException.class, () -> locator.locate(spec, null),
                "data set synthetic not found in", "downloading is off", "--data DIR");
    }

    @Test
    void looksInTheDocumentedOrder() throws IOException {
        Path explicit = tmp.resolve("explicit");
        Path fromEnv = tmp.resolve("env");
        Path cache = tmp.resolve("home/.cache/lanes/datasets/synthetic");
        Path system = tmp.resolve("system/synthetic");
        for (Path dir : List.of(explicit, fromEnv, cache, system)) {
            IdxFiles.writeSyntheticDataSet(dir, 4, 4, 2, 7);
        }
        Map<String, String> env = Map.of(DataLocator.ENV_VAR, fromEnv.toString());
        assertEquals(explicit, locator(env, null).locate(spec, explicit).dir());
        assertEquals(fromEnv, locator(env, null).locate(spec, null).dir());
        assertEquals(cache, locator(Map.of(), null).locate(spec, null).dir());
        deleteDataSet(cache);
        DataLocator.Location system1 = locator(Map.of(), null).locate(spec, null);
        assertEquals(system, system1.dir());
        assertTrue(system1.source().startsWith("system data set"));
        assertEquals(0, requests.get(), "nothing downloaded while a copy exists");
    }

    @Test
    void acceptsAParentFolderAndUncompressedFiles() throws IOException {
        Path parent = tmp.resolve("parent");
        IdxFiles.writeSyntheticDataSet(parent.resolve("synthetic"), 4, 4, 2, 7);
        Path labels = parent.resolve("synthetic").resolve(DataSetSpec.Part.TEST_LABELS.fileName());
        byte[] raw;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(labels))) {
            raw = in.readAllBytes();
        }
        Files.delete(labels);
        Files.write(parent.resolve("synthetic").resolve(DataSetSpec.Part.TEST_LABELS.uncompressedFileName()), raw);
        DataLocator.Location location = locator(Map.of(), null).locate(spec, parent);
        assertEquals(parent.resolve("synthetic"), location.dir());
        assertEquals(4, ImageDataSet.read(spec, location, Pixels.SCALED).test().size());
    }

    @Test
    void anExplicitFolderWithoutTheDataIsAnError() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        IdxFiles.write(empty.resolve(DataSetSpec.Part.TRAIN_IMAGES.fileName()), new byte[0]);
        assertFails(IOException.class, () -> locator(Map.of(), downloader(new ArrayList<>())).locate(spec, empty),
                "--data " + empty + ": no synthetic data set there (missing train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz)");
        Map<String, String> env = Map.of(DataLocator.ENV_VAR, tmp.resolve("nowhere").toString());
        assertFails(IOException.class, () -> locator(env, null).locate(spec, null), "LANES_DATA=", "(not a folder)");
        assertEquals(0, requests.get());
    }

    private static void deleteDataSet(Path dir) throws IOException {
        for (DataSetSpec.Part part : DataSetSpec.Part.values()) {
            Files.delete(dir.resolve(part.fileName()));
        }
    }
}
