package dev.lanes.nn.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Downloads a data set's files into a folder, each verified against its published MD5 sum. A file is written
 * to a temporary file beside its destination and moved into place only once its sum matches, so an interrupted
 * or corrupted download never leaves a file that looks complete.
 */
public final class Downloader {

    private final HttpClient http;
    private final Duration timeout;
    private final Consumer<String> log;

    /**
     * A downloader over a new HTTP client that follows redirects.
     *
     * @param timeout how long to wait for a connection and for the response headers
     * @param log     receives one line per file (what is being fetched, from where)
     */
    public Downloader(Duration timeout, Consumer<String> log) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.timeout = timeout;
        this.log = log;
    }

    /**
     * Downloads every file of {@code spec} that {@code dir} does not have yet.
     *
     * @param spec the data set
     * @param dir the folder to download into, created if missing
     * @throws IOException if a download fails or its sum does not match
     */
    public void downloadAll(DataSetSpec spec, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (DataSetSpec.Part part : DataSetSpec.Part.values()) {
            Path target = dir.resolve(part.fileName());
            if (!Files.isRegularFile(target)) {
                download(spec.url(part), spec.md5().get(part), target);
            }
        }
    }

    /**
     * Downloads {@code url} to {@code target}, verified against {@code expectedMd5}.
     *
     * @param url the address
     * @param expectedMd5 the published MD5 sum, in hex
     * @param target the file, replaced only by a download whose sum matches
     * @throws IOException if the download fails or its sum does not match (nothing is kept then)
     */
    public void download(URI url, String expectedMd5, Path target) throws IOException {
        log.accept("Downloading " + url + " -> " + target);
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = dir.resolve(target.getFileName() + ".part");
        try {
            String actualMd5 = fetch(url, partial);
            if (!actualMd5.equalsIgnoreCase(expectedMd5)) {
                throw new IOException(url + ": MD5 mismatch, expected " + expectedMd5 + " but the download has "
                        + actualMd5 + " (corrupt or tampered file; nothing was kept)");
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Streams {@code url} into {@code file} and returns the MD5 of what was written. */
    private String fetch(URI url, Path file) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(url + ": download interrupted", e);
        } catch (IOException e) {
            throw new IOException(url + ": download failed (" + e + "); without internet access, put the four files in a"
                    + " folder and pass --data DIR", e);
        }
        MessageDigest md5 = newMd5();
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(file)) {
            if (response.statusCode() != 200) {
                throw new IOException(url + ": server answered HTTP " + response.statusCode());
            }
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) != -1; ) {
                md5.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /**
     * The MD5 sum of a file, as lower-case hex.
     *
     * @param file the file
     * @return 32 hex digits
     * @throws IOException if the file cannot be read
     */
    public static String md5(Path file) throws IOException {
        MessageDigest md5 = newMd5();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) != -1; ) {
                md5.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("this JVM has no MD5", e));
        }
    }
}
