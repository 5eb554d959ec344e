package dev.lanes.cli.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The learning curve as a PNG: loss per epoch on the left, accuracy per epoch on the right, training and
 * validation in each (as the MNIST notebook plots train and validation accuracy after every epoch).
 */
public final class LearningCurveChart {

    private static final int PANEL_WIDTH = 560;
    private static final int HEIGHT = 400;

    private LearningCurveChart() {
    }

    /**
     * Starts drawing a throwaway chart on a background daemon thread, so that the one-off costs of the first chart in
     * a JVM (Java2D and font set-up, the classes of XChart and the PNG writer, their first interpreted runs: about
     * half a second on the team's VM, a third of a small table's whole run) are paid while the network trains instead
     * of after it. The chart of the run is drawn as before; this only touches process-wide caches, so it changes
     * nothing a run writes. Failures are ignored: {@link #write} reports its own.
     */
    public static void warmUpInBackground() {
        Thread warm = new Thread(() -> {
            try {
                XYChart chart = panel("warm-up", "y", "0.0", Styler.LegendPosition.InsideNE);
                chart.addSeries("train", new double[] {1, 2}, new double[] {1, 0.5}).setMarker(SeriesMarkers.CIRCLE);
                ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", new ByteArrayOutputStream());
            } catch (IOException | RuntimeException | LinkageError e) {
                // Nothing to do: the real chart is drawn (and a failure reported) in write().
            }
        }, "lanes-chart-warm-up");
        warm.setDaemon(true);
        headless();
        warm.start();
    }

    /** Charts are drawn off-screen: no display is needed or touched (set before AWT starts). */
    private static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    public static void write(Path file, String title, List<EpochMetrics> epochs) throws IOException {
        headless();
        double[] x = epochs.stream().mapToDouble(EpochMetrics::epoch).toArray();
        XYChart loss = panel(title + ": loss", "cross-entropy", "0.000", Styler.LegendPosition.InsideNE);
        loss.addSeries("train", x, epochs.stream().mapToDouble(EpochMetrics::trainLoss).toArray()).setMarker(SeriesMarkers.CIRCLE);
        boolean validated = epochs.stream().anyMatch(m -> !Double.isNaN(m.validationLoss()));
        if (validated) {
            loss.addSeries("validation", x, epochs.stream().mapToDouble(EpochMetrics::validationLoss).toArray()).setMarker(SeriesMarkers.CIRCLE);
        }
        XYChart accuracy = panel(title + ": accuracy", "accuracy (%)", "0.0", Styler.LegendPosition.InsideSE);
        accuracy.addSeries("train", x, epochs.stream().mapToDouble(m -> 100 * m.trainAccuracy()).toArray()).setMarker(SeriesMarkers.CIRCLE);
        if (validated) {
            accuracy.addSeries("validation", x, epochs.stream().mapToDouble(m -> 100 * m.validationAccuracy()).toArray()).setMarker(SeriesMarkers.CIRCLE);
        }

        BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(BitmapEncoder.getBufferedImage(loss), 0, 0, null);
            g.drawImage(BitmapEncoder.getBufferedImage(accuracy), PANEL_WIDTH, 0, null);
        } finally {
            g.dispose();
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        if (!ImageIO.write(image, "png", tmp.toFile())) {
            throw new IOException(file + ": this JVM cannot write PNG");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static XYChart panel(String title, String yTitle, String yPattern, Styler.LegendPosition legend) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(legend);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern(yPattern);
        chart.getStyler().setMarkerSize(6);
        return chart;
    }
}
