package org.bgpipsec.perf.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A line chart as standalone SVG: series of (x, y) points on linear or logarithmic axes, with
 * ticks, axis titles and a legend. Deterministic output (same input, same bytes), so that committed
 * reports only change when the data does.
 */
public final class SvgChart {
  private static final String[] COLOURS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"
  };
  private static final int WIDTH = 820;
  private static final int HEIGHT = 400;
  private static final int LEFT = 70;
  private static final int RIGHT = 350;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  /** One point. */
  public record Point(double x, double y) {}

  /** A named line. */
  public record Series(String name, List<Point> points) {
    public Series {
      Objects.requireNonNull(name);
      points = List.copyOf(points);
    }
  }

  private final String title;
  private final String xTitle;
  private final String yTitle;
  private final boolean logX;
  private final List<Series> series = new ArrayList<>();
  private Double yMax;

  /**
   * @param logX whether the x axis is logarithmic (base 10; points with x <= 0 are dropped)
   */
  public SvgChart(String title, String xTitle, String yTitle, boolean logX) {
    this.title = title;
    this.xTitle = xTitle;
    this.yTitle = yTitle;
    this.logX = logX;
  }

  /** Adds a line. */
  public SvgChart add(Series s) {
    series.add(s);
    return this;
  }

  /** Fixes the top of the y axis (otherwise the largest y, rounded up). */
  public SvgChart yMax(double max) {
    this.yMax = max;
    return this;
  }

  /** The chart as an SVG document. */
  public String render() {
    List<Point> all = new ArrayList<>();
    for (Series s : series) {
      for (Point p : s.points()) {
        if (!logX || p.x() > 0) {
          all.add(p);
        }
      }
    }
    double x0 = all.stream().mapToDouble(p -> fx(p.x())).min().orElse(0);
    double x1 = all.stream().mapToDouble(p -> fx(p.x())).max().orElse(1);
    if (logX) {
      x0 = Math.floor(x0);
      x1 = Math.ceil(x1);
    }
    if (x1 <= x0) {
      x1 = x0 + 1;
    }
    double y1 = yMax != null ? yMax : niceCeil(all.stream().mapToDouble(Point::y).max().orElse(1));
    if (y1 <= 0) {
      y1 = 1;
    }
    int pw = WIDTH - LEFT - RIGHT;
    int ph = HEIGHT - TOP - BOTTOM;
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
            LEFT,
            esc(title)));
    // y ticks: 5 steps
    for (int i = 0; i <= 5; i++) {
      double v = y1 * i / 5;
      double y = TOP + ph - ph * (v / y1);
      b.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
              LEFT,
              y,
              LEFT + pw,
              y,
              LEFT - 6,
              y + 4,
              label(v)));
    }
    // x ticks
    List<Double> ticks = new ArrayList<>();
    if (logX) {
      for (double e = x0; e <= x1 + 1e-9; e++) {
        ticks.add(e);
      }
    } else {
      for (int i = 0; i <= 5; i++) {
        ticks.add(x0 + (x1 - x0) * i / 5);
      }
    }
    for (double t : ticks) {
      double x = LEFT + pw * (t - x0) / (x1 - x0);
      b.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n"
                  + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
              x,
              TOP,
              x,
              TOP + ph,
              x,
              TOP + ph + 16,
              label(logX ? Math.pow(10, t) : t)));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"black\"/>%n",
            LEFT,
            TOP,
            pw,
            ph));
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
            LEFT + pw / 2,
            HEIGHT - 12,
            esc(xTitle)));
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">"
                + "%s</text>%n",
            TOP + ph / 2,
            TOP + ph / 2,
            esc(yTitle)));
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      String colour = COLOURS[i % COLOURS.length];
      StringBuilder pts = new StringBuilder();
      for (Point p : s.points()) {
        if (logX && p.x() <= 0) {
          continue;
        }
        double x = LEFT + pw * (fx(p.x()) - x0) / (x1 - x0);
        double y = TOP + ph - ph * Math.min(p.y(), y1) / y1;
        if (!pts.isEmpty()) {
          pts.append(' ');
        }
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
      }
      b.append(
          String.format(
              Locale.ROOT,
              "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
              colour,
              pts));
      int ly = TOP + 10 + 18 * i;
      b.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n"
                  + "<text x=\"%d\" y=\"%d\">%s</text>%n",
              LEFT + pw + 10,
              ly,
              LEFT + pw + 30,
              ly,
              colour,
              LEFT + pw + 35,
              ly + 4,
              esc(s.name())));
    }
    b.append("</svg>\n");
    return b.toString();
  }

  private double fx(double x) {
    return logX ? Math.log10(x) : x;
  }

  /** The smallest 1, 2 or 5 times a power of ten at or above {@code v}. */
  static double niceCeil(double v) {
    if (v <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= v - 1e-12) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String label(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
