using System.Globalization;
using System.Text;

namespace SentimentWatch.DutyConsole.Rendering;

/// <summary>
/// Charts as inline SVG built on the server from numbers only (no text from posts goes in), with presentation attributes
/// rather than style attributes so the CSP needs no 'unsafe-inline'.
/// </summary>
internal static class Svg
{
    /// <summary>A sparkline of <paramref name="values"/>, <paramref name="width"/>×<paramref name="height"/> pixels.</summary>
    public static string Sparkline(IReadOnlyList<int> values, int width = 96, int height = 20)
    {
        if (values.Count == 0)
        {
            return string.Empty;
        }

        var max = Math.Max(1, values.Max());
        var step = values.Count == 1 ? 0 : (double)(width - 2) / (values.Count - 1);
        var points = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            points.Append(CultureInfo.InvariantCulture, $"{1 + i * step:0.#},{height - 1 - (height - 2) * values[i] / (double)max:0.#} ");
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"<svg class=\"spark\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"传播趋势，峰值 {values.Max()} 条\"><polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" points=\"{points.ToString().TrimEnd()}\"/></svg>");
    }

    /// <summary>A bar chart of counts per bucket with axis labels written by the caller (labels are encoded here).</summary>
    public static string Bars(IReadOnlyList<(string Label, int Value)> bars, int width = 600, int height = 160)
    {
        if (bars.Count == 0)
        {
            return string.Empty;
        }

        var max = Math.Max(1, bars.Max(b => b.Value));
        var barWidth = (double)width / bars.Count;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" width=\"100%\" viewBox=\"0 0 {width} {height + 20}\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"传播图\">");
        for (var i = 0; i < bars.Count; i++)
        {
            var h = height * bars[i].Value / (double)max;
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{i * barWidth + 1:0.#}\" y=\"{height - h:0.#}\" width=\"{Math.Max(1, barWidth - 2):0.#}\" height=\"{h:0.#}\" fill=\"#c0392b\"><title>{System.Net.WebUtility.HtmlEncode(bars[i].Label)}：{bars[i].Value}</title></rect>");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{height + 15}\" font-size=\"11\" fill=\"#555\">{System.Net.WebUtility.HtmlEncode(bars[0].Label)}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{width}\" y=\"{height + 15}\" font-size=\"11\" fill=\"#555\" text-anchor=\"end\">{System.Net.WebUtility.HtmlEncode(bars[^1].Label)}</text>");
        sb.Append("</svg>");
        return sb.ToString();
    }
}
