package dev.lanes.benchmarks;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.IChart;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * PNG charts of benchmark results, drawn with XChart: grouped bars (one group per category, one bar per
 * series, e.g. GFLOP/s per GEMM shape for Lanes and OpenBLAS) and lines (e.g. samples/s per batch size).
 */
public final class Charts {

    /** One named series: y values at the given x values (category labels for bars, numbers for lines). */
    public record Series(String name, List<?> x, List<? extends Number> y) {
        public Series {
            Objects.requireNonNull(name, "name");
            x = List.copyOf(x);
            y = List.copyOf(y);
            if (x.size() != y.size()) {
                throw new IllegalArgumentException("series '" + name + "': " + x.size() + " x values but " + y.size() + " y values");
            }
        }
    }

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 600;

    private Charts() {
    }

    /** Grouped bar chart; every series should have the same categories, in the same order. */
    public static void bars(Path png, String title, String xTitle, String yTitle, List<Series> series) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisLabelRotation(30);
        for (Series s : requireSome(series)) {
            chart.addSeries(s.name(), s.x(), s.y());
        }
        write(chart, png);
    }

    /** Line chart with markers; x values must be numbers. {@code logX} uses a logarithmic x axis (batch sizes). */
    public static void lines(Path png, String title, String xTitle, String yTitle, boolean logX, List<Series> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisMin(0.0);   // ratios read honestly off a zero-based axis
        for (Series s : requireSome(series)) {
            List<Number> xs = s.x().stream().map(v -> {
                if (v instanceof Number number) {
                    return number;
                }
                throw new IllegalArgumentException("series '" + s.name() + "': line charts need numeric x values, got " + v);
            }).toList();
            chart.addSeries(s.name(), xs, s.y());
        }
        write(chart, png);
    }

    private static List<Series> requireSome(List<Series> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("a chart needs at least one series");
        }
        return series;
    }

    private static void write(IChart chart, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
