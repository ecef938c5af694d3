using ScottPlot;
using SentimentWatch.Office.Reports;

namespace SentimentWatch.Office.Documents;

/// <summary>Draws a <see cref="ChartSpec"/> as PNG with ScottPlot, every label in the report's CJK font.</summary>
internal static class ChartRenderer
{
    public const int Width = 1200;
    public const int Height = 600;

    public static byte[] Png(ChartSpec chart, CjkFont font)
    {
        var plot = new Plot();
        plot.Font.Set(font.Family);
        plot.Title(font.Printable(chart.Title));
        plot.YLabel(font.Printable(chart.YLabel));
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < chart.Series.Count; i++)
        {
            var s = chart.Series[i];
            if (s.X.Count == 0)
            {
                continue;
            }

            var scatter = plot.Add.Scatter(s.X.ToArray(), s.Y.ToArray(), palette.GetColor(i));
            scatter.LegendText = font.Printable(s.Name);
            if (chart.Kind == "path")
            {
                scatter.LineWidth = 0;
                scatter.MarkerSize = 9;
            }
            else
            {
                scatter.LineWidth = 2;
                scatter.MarkerSize = 4;
                scatter.ConnectStyle = ConnectStyle.StepHorizontal;
            }
        }

        plot.Axes.DateTimeTicksBottom();
        if (chart.Kind == "path" && chart.Categories.Count > 0)
        {
            plot.Axes.Left.SetTicks([.. Enumerable.Range(0, chart.Categories.Count).Select(i => (double)i)], [.. chart.Categories.Select(font.Printable)]);
            plot.Axes.SetLimitsY(-0.5, chart.Categories.Count - 0.5);
        }
        else
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }

        plot.Legend.FontName = font.Family;
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
