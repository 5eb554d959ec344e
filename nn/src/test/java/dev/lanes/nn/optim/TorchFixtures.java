package dev.lanes.nn.optim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the values PyTorch 1.13 computed, written by {@code nn/scripts/optimizer_fixtures.py} (whose docstring
 * gives the line formats): each line is a list of words followed by numbers written with Python's
 * {@code repr}, which {@link Double#parseDouble} reads back exactly.
 */
final class TorchFixtures {

    /** One line: its leading words and its numbers. */
    record Line(List<String> words, double[] numbers) {
        String word(int i) {
            return words.get(i);
        }
    }

    private TorchFixtures() {
    }

    static List<Line> read(String resource) {
        try (InputStream in = TorchFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource + " (run nn/scripts/optimizer_fixtures.py)");
            }
            List<Line> lines = new ArrayList<>();
            for (String text : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                String[] tokens = text.trim().split(" ");
                int firstNumber = 0;
                while (firstNumber < tokens.length && !isNumber(tokens[firstNumber])) {
                    firstNumber++;
                }
                // A step number is a word too: the numbers are what follows the last word.
                List<String> words = new ArrayList<>(Arrays.asList(tokens).subList(0, firstNumber));
                int numbersFrom = firstNumber;
                if (tokens[0].equals("opt") && (tokens[2].equals("grad") || tokens[2].equals("after"))) {
                    words.add(tokens[3]);
                    words.add(tokens[4]);
                    numbersFrom = 5;
                }
                double[] numbers = new double[tokens.length - numbersFrom];
                for (int i = 0; i < numbers.length; i++) {
                    numbers[i] = Double.parseDouble(tokens[numbersFrom + i]);
                }
                lines.add(new Line(words, numbers));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isNumber(String token) {
        try {
            Double.parseDouble(token);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
