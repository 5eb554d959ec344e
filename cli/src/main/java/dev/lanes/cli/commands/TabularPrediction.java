package dev.lanes.cli.commands;

import dev.lanes.cli.report.InfoLines;
import de.siegmar.fastcsv.writer.CsvWriter;
import dev.lanes.cli.model.ModelOutputs;
import dev.lanes.cli.model.TabularModel;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.tabular.Table;
import dev.lanes.nn.tabular.TabularPreprocessor;
import dev.lanes.nn.train.Predictor;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code lanes predict MODEL --csv FILE [-o OUT]}: one CSV line per row of the table, in its order: the predicted
 * class and each class's probability ({@code predicted,p(a),p(b),…}), or the predicted value in the target's
 * units ({@code predicted}).
 */
final class TabularPrediction {

    private TabularPrediction() {
    }

    static void write(TabularModel model, Table rows, Path output, PrintWriter out) throws IOException {
        TabularPreprocessor pre = model.preprocessor();
        Predictor predictor = new Predictor(model.net());
        Tensor x = pre.features(rows);
        Tensor outputs = pre.task() == TabularPreprocessor.Task.CLASSIFICATION ? predictor.probabilities(x) : predictor.values(x);
        List<String> lines = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            lines.add(rows.source() + " line " + rows.line(i));
        }
        ModelOutputs.requireFinite(outputs, lines); // before a line is written
        Writer target = output != null ? Files.newBufferedWriter(output, StandardCharsets.UTF_8) : new FilterWriter(out) {
            @Override
            public void close() throws IOException { // standard output stays open for the command's other lines
                flush();
            }
        };
        try (CsvWriter csv = CsvWriter.builder().build(target)) {
            List<String> header = new ArrayList<>(List.of("predicted"));
            if (pre.task() == TabularPreprocessor.Task.CLASSIFICATION) {
                List<String> names = pre.classNames();
                names.forEach(c -> header.add("p(" + c + ")"));
                csv.writeRecord(header);
                int[] classes = predictor.classes(x);
                Tensor p = outputs;
                for (int i = 0; i < rows.size(); i++) {
                    List<String> line = new ArrayList<>(List.of(names.get(classes[i])));
                    for (int c = 0; c < names.size(); c++) {
                        line.add(String.format(Locale.ROOT, "%.6f", p.get(i, c)));
                    }
                    csv.writeRecord(line);
                }
            } else {
                csv.writeRecord(header);
                Tensor values = outputs;
                for (int i = 0; i < rows.size(); i++) {
                    csv.writeRecord(String.format(Locale.ROOT, "%.6g", pre.unscale(values.getFlat(i))));
                }
            }
        }
        if (output != null) {
            InfoLines.println(out, "Wrote " + rows.size() + " predictions to " + output);
        }
    }
}
