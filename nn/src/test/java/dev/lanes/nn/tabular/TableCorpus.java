package dev.lanes.nn.tabular;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.io.ReaderBudget;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the CSV reader is fuzzed with and held to: the seed tables (valid ones to mutate, and the edge cases of
 * issue 13), and the rule every input must keep ({@link #check}). {@code main} writes the seeds into the
 * committed corpus of {@link TableFuzzTest}; {@link TableMutationTest} checks the corpus holds them.
 */
final class TableCorpus {

    /** The fuzz test method that reads tables, whose corpus holds the seeds. */
    static final String METHOD = "readAndPreprocess";

    private TableCorpus() {
    }

    /** Every seed by file name. */
    static Map<String, byte[]> seeds() {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("iris-like", "sepal_length,sepal_width,colour,species\n5.1,3.5,red,setosa\n4.9,3.0,blue,setosa\n"
                + "6.3,2.9,red,virginica\n5.8,2.7,green,versicolor\n");
        text.put("quoted", "name,\"note, with comma\",y\n\"a \"\"quoted\"\" word\",\"two\nlines\",1\nb,plain,2\nc,,3\n");
        text.put("byte-order-mark", "\uFEFFx,y\n1,a\n2,b\n");
        text.put("missing-values", "x,c,y\n,NA,a\nN/A,?,b\n3,null,a\nNaN,k,b\n");
        text.put("regression", "x1,x2,price\n1,0.5,10.25\n2,-1e3,11.5\n3,+.5,9.75\n4,7E-2,12\n");
        text.put("infinities", "x,y\ninf,a\n1,b\n-Infinity,a\n1e999,b\n");
        text.put("unclosed-quote", "x,y\n1,\"a\n2,b\n");
        text.put("ragged", "x,y\n1\n2,b,c\n");
        text.put("one-row", "x,y\n1,2.5\n");
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        text.forEach((name, content) -> seeds.put(name, content.getBytes(StandardCharsets.UTF_8)));
        return seeds;
    }

    /**
     * Reads {@code file} as a table and, if it has two columns or more, fits the preprocessing with its last
     * column as the target and computes the inputs of its rows, which must be finite. Held to {@link ReaderBudget}:
     * it returns or throws {@link TableFormatException}, within the time and allocation limits.
     */
    static void check(Path file, long contentBytes) {
        ReaderBudget.check("Table.read + TabularPreprocessor", TableFormatException.class, contentBytes, () -> {
            Table table = Table.read(file);
            if (table.columns().size() < 2) {
                return;
            }
            TabularPreprocessor preprocessor = TabularPreprocessor.fit(table, table.columns().getLast(), null,
                    TabularPreprocessor.MissingValues.IMPUTE);
            Tensor inputs = preprocessor.features(table);
            for (int i = 0; i < inputs.size(); i++) {
                double value = inputs.getFlat(i);
                assertTrue(Double.isFinite(value), () -> file + ": input " + value + " computed from a table that was accepted");
            }
        });
    }

    /** Writes the seeds into the committed corpus: {@code main nn} from the repository's root. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "nn", "src/test/resources/dev/lanes/nn/tabular/TableFuzzTestInputs", METHOD);
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
            Files.write(dir.resolve(seed.getKey()), seed.getValue());
        }
    }
}
