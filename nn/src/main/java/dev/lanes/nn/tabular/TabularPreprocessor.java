package dev.lanes.nn.tabular;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.data.Dataset;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a table's cells into network inputs and targets, with everything learnt from the training rows only
 * ({@link #fit}), and saved with the model ({@link #toMetadata}) so that prediction applies the same transform.
 *
 * <p><b>Columns.</b> Every column but the target is a feature. A column whose present cells all parse as finite
 * numbers in the training rows is numeric: standardised with the training mean and population standard
 * deviation (a constant column has std 1, so it becomes 0). Any other column is categorical: one-hot encoded over
 * its training values, sorted.
 *
 * <p><b>Missing values</b> are empty cells and {@code NA}, {@code N/A}, {@code NaN}, {@code null}, {@code ?}
 * (any case, surrounding spaces ignored). A cell that spells an infinity ({@code inf}, {@code -Infinity}) or a
 * number too large for a double ({@code 1e999}) is refused, in training and prediction, naming its line and
 * column; so is a numeric cell too far from the training values to standardise into a float32. With {@link MissingValues#IMPUTE} (the default) a numeric cell gets
 * the training mean and a categorical one the training rows' most frequent value (the first in sorted order on a
 * tie); a column missing in every training row is numeric and always 0. With {@link MissingValues#FAIL} a missing
 * cell is an error naming its line and column. A missing target is always an error.
 *
 * <p><b>Unknown categories</b> (a value the training rows never had) encode as all zeros, as scikit-learn's
 * {@code OneHotEncoder(handle_unknown="ignore")}: the row is used, and that column adds nothing. A numeric column
 * holding text at prediction time is an error naming the line and column.
 *
 * <p><b>The target.</b> For classification its distinct training values are the classes (sorted, numerically if
 * all are numbers); a value outside them is an error when scoring. For regression it is standardised like a
 * numeric feature for training ({@link #values}); {@link #unscale} turns predictions back into its units. The task
 * is inferred unless given: a target whose values are not all numbers, or are at most
 * {@value #MAX_INFERRED_CLASSES} distinct integers, is a classification target; any other is a regression target.
 */
public final class TabularPreprocessor {

    /** The metadata key holding the preprocessing, as JSON. */
    public static final String METADATA_KEY = "lanes.tabular";
    /** The most distinct integer targets inferred as classes rather than values. */
    public static final int MAX_INFERRED_CLASSES = 20;
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null", "?");
    /** Plain decimal notation only: Java's parser would also take hex floats, "Infinity" and type suffixes. */
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** What the model learns to predict. */
    public enum Task {
        /** A class per row, from the target's distinct values. */
        CLASSIFICATION,
        /** A number per row. */
        REGRESSION
    }

    /** What a missing cell does. */
    public enum MissingValues {
        /** Numeric cells get the training mean, categorical ones the most frequent training value. */
        IMPUTE,
        /** A missing cell is an error naming its line and column. */
        FAIL
    }

    /** A feature column and what was learnt about it. */
    private sealed interface Feature permits Numeric, Categorical {
        String name();

        int width();
    }

    private record Numeric(String name, double mean, double std) implements Feature {
        public int width() {
            return 1;
        }
    }

    private record Categorical(String name, List<String> vocabulary, String fill) implements Feature {
        public int width() {
            return vocabulary.size();
        }
    }

    private final List<Feature> features;
    private final String target;
    private final Task task;
    private final List<String> classes;
    private final double targetMean, targetStd;
    private final MissingValues missing;

    private TabularPreprocessor(List<Feature> features, String target, Task task, List<String> classes,
                                double targetMean, double targetStd, MissingValues missing) {
        this.features = List.copyOf(features);
        this.target = target;
        this.task = task;
        this.classes = List.copyOf(classes);
        this.targetMean = targetMean;
        this.targetStd = targetStd;
        this.missing = missing;
    }

    /**
     * Learns the columns, the target's classes or scale, and the imputed values from training rows.
     *
     * @param train the training rows (only these: held-out rows must not inform the transform)
     * @param target the target column's name
     * @param task the task, or {@code null} to infer it from the target's values
     * @param missing what a missing cell does
     * @return the fitted preprocessing
     * @throws TableFormatException naming the file (and line and column) if the target column is absent, a target is
     *         missing, a classification target has one class, a regression target is not a number, or (with FAIL)
     *         a cell is missing
     */
    public static TabularPreprocessor fit(Table train, String target, Task task, MissingValues missing)
            throws TableFormatException {
        int targetColumn = train.column(target);
        if (targetColumn < 0) {
            throw new TableFormatException(train.source(), "no target column '" + target + "'; the columns are "
                    + String.join(", ", train.columns()));
        }
        if (train.size() == 0) {
            throw new TableFormatException(train.source(), "no rows to learn from");
        }
        for (int c = 0; c < train.columns().size(); c++) {
            requireFinite(train, c);
        }
        List<String> targets = new ArrayList<>();
        for (int r = 0; r < train.size(); r++) {
            String cell = train.cell(r, targetColumn).strip();
            if (isMissing(cell)) {
                throw new TableFormatException(train.source(), train.line(r), target, "the target is missing");
            }
            targets.add(cell);
        }
        Task chosen = task != null ? task : inferTask(targets);
        List<String> classes = List.of();
        double mean = 0, std = 1;
        if (chosen == Task.CLASSIFICATION) {
            classes = sortedDistinct(targets);
            if (classes.size() < 2) {
                throw new TableFormatException(train.source(), "the target column '" + target + "' holds one class only ('"
                        + classes.getFirst() + "') in the " + train.size() + " training rows; a classifier needs two");
            }
        } else {
            double[] stats = numericStats(train, targetColumn, MissingValues.FAIL);
            mean = stats[0];
            std = stats[1];
        }
        List<Feature> features = new ArrayList<>();
        for (int c = 0; c < train.columns().size(); c++) {
            if (c != targetColumn) {
                features.add(learn(train, c, missing));
            }
        }
        if (features.isEmpty()) {
            throw new TableFormatException(train.source(), "no feature columns: the target '" + target + "' is the only column");
        }
        return new TabularPreprocessor(features, target, chosen, classes, mean, std, missing);
    }

    private static Task inferTask(List<String> targets) {
        Set<Double> distinct = new java.util.HashSet<>();
        for (String t : targets) {
            Double v = number(t);
            if (v == null) {
                return Task.CLASSIFICATION;
            }
            if (v != Math.rint(v)) {
                return Task.REGRESSION;
            }
            distinct.add(v);
        }
        return distinct.size() <= MAX_INFERRED_CLASSES ? Task.CLASSIFICATION : Task.REGRESSION;
    }

    /** Distinct values, sorted numerically if all are numbers, else as text. */
    private static List<String> sortedDistinct(List<String> values) {
        boolean numeric = values.stream().allMatch(v -> number(v) != null);
        Comparator<String> order = numeric ? Comparator.comparingDouble(v -> number(v)) : Comparator.naturalOrder();
        TreeMap<String, Boolean> sorted = new TreeMap<>(order.thenComparing(Comparator.naturalOrder()));
        for (String v : values) {
            sorted.put(v, true);
        }
        return new ArrayList<>(sorted.keySet());
    }

    private static Feature learn(Table train, int column, MissingValues missing) throws TableFormatException {
        String name = train.columns().get(column);
        boolean numeric = true;
        for (int r = 0; r < train.size() && numeric; r++) {
            String cell = train.cell(r, column).strip();
            if (isMissing(cell)) {
                if (missing == MissingValues.FAIL) {
                    throw new TableFormatException(train.source(), train.line(r), name, "the value is missing");
                }
            } else if (number(cell) == null) {
                numeric = false;
            }
        }
        if (numeric) {
            double[] stats = numericStats(train, column, missing);
            return new Numeric(name, stats[0], stats[1]);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (int r = 0; r < train.size(); r++) {
            String cell = train.cell(r, column).strip();
            if (isMissing(cell)) {
                if (missing == MissingValues.FAIL) {
                    throw new TableFormatException(train.source(), train.line(r), name, "the value is missing");
                }
            } else {
                counts.merge(cell, 1, Integer::sum);
            }
        }
        List<String> vocabulary = new ArrayList<>(new TreeMap<>(counts).keySet());
        String fill = vocabulary.getFirst();
        for (String v : vocabulary) {
            if (counts.get(v) > counts.get(fill)) {
                fill = v;
            }
        }
        return new Categorical(name, vocabulary, fill);
    }

    /** Mean and population std (1 if 0, or if no cell is present) of a numeric column's present cells. */
    private static double[] numericStats(Table table, int column, MissingValues missing) throws TableFormatException {
        double mean = 0, m2 = 0;
        long n = 0;
        for (int r = 0; r < table.size(); r++) {
            String cell = table.cell(r, column).strip();
            if (isMissing(cell) && missing == MissingValues.IMPUTE) {
                continue;
            }
            double v = parse(table, r, column, cell);
            n++;
            double delta = v - mean; // Welford: stable for large means
            mean += delta / n;
            m2 += delta * (v - mean);
        }
        double std = n == 0 ? 0 : Math.sqrt(m2 / n);
        return new double[] {mean, std > 0 ? std : 1};
    }

    /**
     * Refuses a column holding a cell that spells an infinity ({@code inf}, {@code -Infinity}, any case) or a
     * decimal number too large for a double ({@code 1e999}): such a cell would otherwise make a numeric column
     * categorical in training, or an input the network cannot compute with in prediction.
     */
    private static void requireFinite(Table table, int column) throws TableFormatException {
        for (int r = 0; r < table.size(); r++) {
            String cell = table.cell(r, column).strip();
            String lower = cell.toLowerCase(Locale.ROOT);
            String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
            boolean infinite = unsigned.equals("inf") || unsigned.equals("infinity")
                    || NUMBER.matcher(cell).matches() && !Double.isFinite(Double.parseDouble(cell));
            if (infinite) {
                throw new TableFormatException(table.source(), table.line(r), table.columns().get(column),
                        "'" + abbreviate(cell) + "' is not a finite number (NaN counts as missing; infinities are refused)");
            }
        }
    }

    private static boolean isMissing(String stripped) {
        return MISSING.contains(stripped.toLowerCase(Locale.ROOT));
    }

    /** The finite number a cell holds, or null; only plain decimal notation (no hex, no type suffix). */
    private static Double number(String stripped) {
        if (stripped.isEmpty() || !NUMBER.matcher(stripped).matches()) {
            return null;
        }
        double v = Double.parseDouble(stripped);
        return Double.isFinite(v) ? v : null;
    }

    private static double parse(Table table, int row, int column, String stripped) throws TableFormatException {
        Double v = number(stripped);
        if (v == null) {
            throw new TableFormatException(table.source(), table.line(row), table.columns().get(column),
                    isMissing(stripped) ? "the value is missing" : "'" + abbreviate(stripped) + "' is not a finite number");
        }
        return v;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    /**
     * The network inputs of a table's rows: [rows, {@link #width()}] float32. Columns are found by name, so their
     * order may differ from the training table's and other columns (the target, say) may be present or not.
     *
     * @param table rows with every feature column
     * @return a new tensor
     * @throws TableFormatException naming the file, line and column of the first bad cell, or a missing column
     */
    public Tensor features(Table table) throws TableFormatException {
        int[] columns = new int[features.size()];
        for (int f = 0; f < features.size(); f++) {
            columns[f] = table.column(features.get(f).name());
            if (columns[f] < 0) {
                throw new TableFormatException(table.source(), "no column '" + features.get(f).name()
                        + "', which the model was trained with");
            }
        }
        for (int column : columns) {
            requireFinite(table, column);
        }
        int width = width();
        float[] x = new float[Math.multiplyExact(table.size(), width)];
        for (int r = 0; r < table.size(); r++) {
            int offset = r * width;
            for (int f = 0; f < features.size(); f++) {
                String cell = table.cell(r, columns[f]).strip();
                boolean absent = isMissing(cell);
                if (absent && missing == MissingValues.FAIL) {
                    throw new TableFormatException(table.source(), table.line(r), features.get(f).name(), "the value is missing");
                }
                switch (features.get(f)) {
                    case Numeric n -> {
                        float value = absent ? 0f : (float) ((parse(table, r, columns[f], cell) - n.mean()) / n.std());
                        if (!Float.isFinite(value)) {
                            throw new TableFormatException(table.source(), table.line(r), n.name(), "'" + abbreviate(cell)
                                    + "' is too far from the training values (mean " + n.mean() + ", deviation " + n.std()
                                    + ") to be an input");
                        }
                        x[offset] = value;
                    }
                    case Categorical c -> {
                        int index = c.vocabulary().indexOf(absent ? c.fill() : cell);
                        if (index >= 0) { // an unknown category stays all zeros
                            x[offset + index] = 1f;
                        }
                    }
                }
                offset += features.get(f).width();
            }
        }
        return Tensor.of(x, table.size(), width);
    }

    /**
     * Each row's class index, for classification.
     *
     * @param table rows with the target column
     * @return one index into {@link #classNames()} per row
     * @throws TableFormatException naming the line if the target is absent, missing or not a training class
     * @throws IllegalStateException if the task is regression
     */
    public int[] classes(Table table) throws TableFormatException {
        requireTask(Task.CLASSIFICATION);
        int column = targetColumn(table);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        int[] y = new int[table.size()];
        for (int r = 0; r < y.length; r++) {
            String cell = table.cell(r, column).strip();
            Integer c = index.get(cell);
            if (c == null) {
                throw new TableFormatException(table.source(), table.line(r), target, isMissing(cell) ? "the target is missing"
                        : "'" + abbreviate(cell) + "' is not one of the training classes " + classes);
            }
            y[r] = c;
        }
        return y;
    }

    /**
     * Each row's target, standardised with the training rows' mean and deviation, for regression.
     *
     * @param table rows with the target column
     * @return [rows, 1] float32
     * @throws TableFormatException naming the line if the target is absent, missing or not a finite number
     * @throws IllegalStateException if the task is classification
     */
    public Tensor values(Table table) throws TableFormatException {
        requireTask(Task.REGRESSION);
        int column = targetColumn(table);
        float[] y = new float[table.size()];
        for (int r = 0; r < y.length; r++) {
            y[r] = (float) ((parse(table, r, column, table.cell(r, column).strip()) - targetMean) / targetStd);
        }
        return Tensor.of(y, y.length, 1);
    }

    /**
     * The table as a classification data set.
     *
     * @param table rows with every feature column and the target
     * @return inputs and class indices
     * @throws TableFormatException naming the first bad cell
     * @throws IllegalStateException if the task is regression
     */
    public Dataset<int[]> classificationData(Table table) throws TableFormatException {
        return Dataset.classification(features(table), classes(table));
    }

    /**
     * The table as a regression data set, the targets standardised.
     *
     * @param table rows with every feature column and the target
     * @return inputs and standardised values
     * @throws TableFormatException naming the first bad cell
     * @throws IllegalStateException if the task is classification
     */
    public Dataset<Tensor> regressionData(Table table) throws TableFormatException {
        return Dataset.regression(features(table), values(table));
    }

    /**
     * A predicted (standardised) value back in the target's units.
     *
     * @param standardised the model's output
     * @return standardised × std + mean of the training targets
     */
    public double unscale(double standardised) {
        return standardised * targetStd + targetMean;
    }

    private void requireTask(Task wanted) {
        if (task != wanted) {
            throw new IllegalStateException("the target '" + target + "' is a " + task.name().toLowerCase(Locale.ROOT)
                    + " target, not a " + wanted.name().toLowerCase(Locale.ROOT) + " one");
        }
    }

    private int targetColumn(Table table) throws TableFormatException {
        int column = table.column(target);
        if (column < 0) {
            throw new TableFormatException(table.source(), "no target column '" + target + "'");
        }
        return column;
    }

    /**
     * Whether a table holds the target column (a table to predict need not).
     *
     * @param table the table
     * @return true if it has a column named as the target
     */
    public boolean hasTarget(Table table) {
        return table.column(target) >= 0;
    }

    /**
     * The width of a row of inputs: one per numeric column, one per category of each categorical one.
     *
     * @return the number of input features
     */
    public int width() {
        return features.stream().mapToInt(Feature::width).sum();
    }

    /**
     * The name of each input feature: the column's name, or {@code column=value} for a category.
     *
     * @return the names, in input order
     */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (Feature f : features) {
            if (f instanceof Categorical c) {
                c.vocabulary().forEach(v -> names.add(c.name() + "=" + v));
            } else {
                names.add(f.name());
            }
        }
        return names;
    }

    /**
     * The task.
     *
     * @return classification or regression
     */
    public Task task() {
        return task;
    }

    /**
     * The target column's name.
     *
     * @return the name given to {@link #fit}
     */
    public String target() {
        return target;
    }

    /**
     * The classes, by index, for classification.
     *
     * @return the target's distinct training values, sorted; empty for regression
     */
    public List<String> classNames() {
        return classes;
    }

    /**
     * The preprocessing as model-file metadata: one entry, {@value #METADATA_KEY}, holding JSON.
     *
     * @return a new map of one entry
     */
    public Map<String, String> toMetadata() {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("target", target);
            json.writeStringField("task", task.name());
            json.writeStringField("missing", missing.name());
            json.writeNumberField("targetMean", targetMean);
            json.writeNumberField("targetStd", targetStd);
            json.writeArrayFieldStart("classes");
            for (String c : classes) {
                json.writeString(c);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("features");
            for (Feature f : features) {
                json.writeStartObject();
                json.writeStringField("name", f.name());
                switch (f) {
                    case Numeric n -> {
                        json.writeNumberField("mean", n.mean());
                        json.writeNumberField("std", n.std());
                    }
                    case Categorical c -> {
                        json.writeStringField("fill", c.fill());
                        json.writeArrayFieldStart("categories");
                        for (String v : c.vocabulary()) {
                            json.writeString(v);
                        }
                        json.writeEndArray();
                    }
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(METADATA_KEY, text.toString());
        return metadata;
    }

    /**
     * The preprocessing a model file's metadata holds.
     *
     * @param source the file, for messages
     * @param metadata its metadata
     * @return the preprocessing, as fitted
     * @throws TableFormatException naming the file if the entry is absent or not what {@link #toMetadata} writes
     */
    public static TabularPreprocessor fromMetadata(String source, Map<String, String> metadata) throws TableFormatException {
        String text = metadata.get(METADATA_KEY);
        if (text == null) {
            throw new TableFormatException(source, "no " + METADATA_KEY + " entry: not a model trained on a table");
        }
        try (JsonParser json = new JsonFactory().createParser(text)) {
            Map<String, Object> root = readObject(json, json.nextToken());
            List<Feature> features = new ArrayList<>();
            for (Object o : list(root, "features")) {
                @SuppressWarnings("unchecked") Map<String, Object> f = (Map<String, Object>) o;
                String name = (String) require(f, "name");
                if (f.containsKey("categories")) {
                    List<String> vocabulary = strings(list(f, "categories"));
                    String fill = (String) require(f, "fill");
                    if (vocabulary.isEmpty() || !vocabulary.contains(fill)) {
                        throw new IllegalArgumentException("categorical feature '" + name + "' has no categories or an unknown fill");
                    }
                    features.add(new Categorical(name, vocabulary, fill));
                } else {
                    double mean = (Double) require(f, "mean"), std = (Double) require(f, "std");
                    if (!Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
                        throw new IllegalArgumentException("numeric feature '" + name + "' has mean " + mean + ", std " + std);
                    }
                    features.add(new Numeric(name, mean, std));
                }
            }
            Task task = Task.valueOf((String) require(root, "task"));
            List<String> classes = strings(list(root, "classes"));
            if (features.isEmpty() || (task == Task.CLASSIFICATION) != (classes.size() >= 2)) {
                throw new IllegalArgumentException("no features, or classes that do not fit the task " + task);
            }
            double targetStd = (Double) require(root, "targetStd");
            if (!(targetStd > 0) || !Double.isFinite(targetStd)) {
                throw new IllegalArgumentException("target std " + targetStd);
            }
            return new TabularPreprocessor(features, (String) require(root, "target"), task, classes,
                    (Double) require(root, "targetMean"), targetStd, MissingValues.valueOf((String) require(root, "missing")));
        } catch (IOException | RuntimeException e) {
            throw new TableFormatException(source, "the " + METADATA_KEY + " entry is damaged: " + e.getMessage());
        }
    }

    private static Object require(Map<String, Object> object, String key) {
        Object value = object.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no '" + key + "'");
        }
        return value;
    }

    private static List<?> list(Map<String, Object> object, String key) {
        return (List<?>) require(object, key);
    }

    private static List<String> strings(List<?> values) {
        List<String> out = new ArrayList<>();
        for (Object v : values) {
            out.add((String) v);
        }
        return out;
    }

    /** A JSON value as maps, lists, strings and doubles: the little this class writes. */
    private static Object readValue(JsonParser json, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> readObject(json, token);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = json.nextToken(); t != JsonToken.END_ARRAY; t = json.nextToken()) {
                    if (t == null) {
                        throw new IOException("truncated JSON");
                    }
                    list.add(readValue(json, t));
                }
                yield list;
            }
            case VALUE_STRING -> json.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> json.getDoubleValue();
            default -> throw new IOException("unexpected " + token);
        };
    }

    private static Map<String, Object> readObject(JsonParser json, JsonToken start) throws IOException {
        if (start != JsonToken.START_OBJECT) {
            throw new IOException("expected an object, got " + start);
        }
        Map<String, Object> object = new LinkedHashMap<>();
        for (JsonToken t = json.nextToken(); t != JsonToken.END_OBJECT; t = json.nextToken()) {
            if (t != JsonToken.FIELD_NAME) {
                throw new IOException("expected a field name, got " + t);
            }
            String name = json.currentName();
            object.put(name, readValue(json, json.nextToken()));
        }
        return object;
    }
}
