package dev.lanes.nn.datasets;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One image-classification data set in the MNIST layout: four IDX files (training and test images and labels),
 * where to download them and their published MD5 sums, and the class names.
 *
 * @param name       the name users type ({@code fashion-mnist}, {@code mnist}); also the cache folder's name
 * @param baseUrl    the official download address; a file's URL is this plus its file name
 * @param md5        published MD5 sum of each (gzip) file, by file name
 * @param classNames the names of the classes, by label
 */
public record DataSetSpec(String name, URI baseUrl, Map<Part, String> md5, List<String> classNames) {

    /** The four files of a data set, with their canonical (gzip) file names. */
    public enum Part {
        /** The training images. */
        TRAIN_IMAGES("train-images-idx3-ubyte.gz"),
        /** The training labels. */
        TRAIN_LABELS("train-labels-idx1-ubyte.gz"),
        /** The test images. */
        TEST_IMAGES("t10k-images-idx3-ubyte.gz"),
        /** The test labels. */
        TEST_LABELS("t10k-labels-idx1-ubyte.gz");

        private final String fileName;

        Part(String fileName) {
            this.fileName = fileName;
        }

        /**
         * The name the data set's publishers give the gzip file.
         *
         * @return e.g. {@code train-images-idx3-ubyte.gz}
         */
        public String fileName() {
            return fileName;
        }

        /**
         * The same file uncompressed, as some copies keep it.
         *
         * @return the file name without {@code .gz}
         */
        public String uncompressedFileName() {
            return fileName.substring(0, fileName.length() - ".gz".length());
        }
    }

    /** Zalando Research's Fashion-MNIST; addresses and sums from its README. */
    public static final DataSetSpec FASHION_MNIST = new DataSetSpec("fashion-mnist",
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            Map.of(Part.TRAIN_IMAGES, "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
                    Part.TRAIN_LABELS, "25c81989df183df01b3e8a0aad5dffbe",
                    Part.TEST_IMAGES, "bef4ecab320f06d8554ea6380940ec79",
                    Part.TEST_LABELS, "bb300cfdad3c16e7a12a480ee83cd310"),
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"));

    /**
     * LeCun, Cortes and Burges's MNIST, from the mirror PyTorch's torchvision uses (the original site no longer
     * serves the files reliably); the sums are those of the original files.
     */
    public static final DataSetSpec MNIST = new DataSetSpec("mnist",
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            Map.of(Part.TRAIN_IMAGES, "f68b3c2dcbeaaa9fbdd348bbdeb94873",
                    Part.TRAIN_LABELS, "d53e105ee54ea40749a09fcbcd1e9432",
                    Part.TEST_IMAGES, "9fb629c4189551a2d022fa330f9573f3",
                    Part.TEST_LABELS, "ec29112dd5afa0611ce80d1b7f02629c"),
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));

    /** Every data set known by name. */
    public static final List<DataSetSpec> KNOWN = List.of(FASHION_MNIST, MNIST);

    /**
     * Checks that every part has a sum and makes the address a folder's.
     *
     * @throws IllegalArgumentException if a part has no MD5 sum
     */
    public DataSetSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        md5 = Map.copyOf(md5);
        classNames = List.copyOf(classNames);
        for (Part part : Part.values()) {
            if (!md5.containsKey(part)) {
                throw new IllegalArgumentException("data set " + name + ": no MD5 sum for " + part.fileName());
            }
        }
        if (!baseUrl.toString().endsWith("/")) {
            baseUrl = URI.create(baseUrl + "/");
        }
    }

    /**
     * The known data set with this name (case-insensitive; {@code fashion_mnist} works too).
     *
     * @param name the name
     * @return the data set
     * @throws IllegalArgumentException listing the known names if none has this one
     */
    public static DataSetSpec byName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT).replace('_', '-');
        for (DataSetSpec spec : KNOWN) {
            if (spec.name.equals(wanted)) {
                return spec;
            }
        }
        throw new IllegalArgumentException("unknown data set '" + name + "'; known: "
                + String.join(", ", KNOWN.stream().map(DataSetSpec::name).toList()));
    }

    /**
     * The same data set, downloaded from another address (a mirror, or a test server).
     *
     * @param otherBaseUrl the folder the files are downloaded from
     * @return a new spec
     */
    public DataSetSpec withBaseUrl(URI otherBaseUrl) {
        return new DataSetSpec(name, otherBaseUrl, md5, classNames);
    }

    /**
     * The number of classes.
     *
     * @return the number of class names
     */
    public int classes() {
        return classNames.size();
    }

    /**
     * Where a file is downloaded from.
     *
     * @param part the file
     * @return the base address plus the file's name
     */
    public URI url(Part part) {
        return baseUrl.resolve(part.fileName());
    }
}
