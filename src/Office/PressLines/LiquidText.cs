using System.Text.RegularExpressions;
using Fluid;
using Fluid.Ast;

namespace SentimentWatch.Office.PressLines;

/// <summary>A problem in a template: the 1-based line it is on and what is wrong.</summary>
public sealed record TemplateProblem(int Line, string Message)
{
    public override string ToString() => $"第 {Line} 行：{Message}";
}

/// <summary>A template that parsed and uses only known facts, ready to fill.</summary>
public sealed class CheckedTemplate
{
    internal CheckedTemplate(IFluidTemplate template, IReadOnlyList<string> facts)
    {
        Template = template;
        Facts = facts;
    }

    internal IFluidTemplate Template { get; }

    /// <summary>The fact names the template uses.</summary>
    public IReadOnlyList<string> Facts { get; }
}

/// <summary>
/// Liquid (Fluid) for press lines: a template is refused when it does not parse or names a fact that is not in
/// <see cref="FactSheet.Catalogue"/>, with the line of the problem; filling never invents: a fact without a
/// verified value becomes <see cref="FactSheet.Blank"/>.
/// </summary>
public static partial class LiquidText
{
    private static readonly FluidParser Parser = new();

    /// <summary>Checks <paramref name="source"/>; the problems are empty exactly when <paramref name="template"/> is set.</summary>
    public static IReadOnlyList<TemplateProblem> Check(string source, out CheckedTemplate? template)
    {
        template = null;
        if (!Parser.TryParse(source, out var parsed, out var error))
        {
            return [new TemplateProblem(ErrorLine(error), "模板语法错误：" + error)];
        }

        var collector = new FactCollector();
        collector.VisitTemplate(parsed);
        var problems = new List<TemplateProblem>();
        foreach (var name in collector.Paths.Where(p => !collector.Locals.Contains(p.Split('.')[0])).Distinct(StringComparer.Ordinal))
        {
            if (!FactSheet.Catalogue.ContainsKey(name))
            {
                problems.Add(new TemplateProblem(LineOf(source, name), $"未知事实“{name}”（可用：{string.Join("、", FactSheet.Catalogue.Keys)}）"));
            }
        }

        if (problems.Count > 0)
        {
            return problems.OrderBy(p => p.Line).ToList();
        }

        template = new CheckedTemplate(parsed, collector.Paths.Where(FactSheet.Catalogue.ContainsKey).Distinct(StringComparer.Ordinal).ToList());
        return [];
    }

    /// <summary>Fills a checked template from the facts.</summary>
    public static string Fill(CheckedTemplate template, FactSheet facts)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(facts);
        var context = new TemplateContext();
        foreach (var (key, value) in facts.Model())
        {
            context.SetValue(key, value);
        }

        return template.Template.Render(context).Trim();
    }

    /// <summary>Fluid reports "(line:column)" in its messages.</summary>
    private static int ErrorLine(string error) =>
        ErrorPosition().Match(error) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;

    /// <summary>The first line on which the dotted name appears inside a tag or an output.</summary>
    private static int LineOf(string source, string name)
    {
        var at = Regex.Match(source, @"\{[{%][^}]*?(?<![\w.])" + Regex.Escape(name) + @"(?![\w])", RegexOptions.CultureInvariant);
        var index = at.Success ? at.Index + at.Value.LastIndexOf(name, StringComparison.Ordinal) : Math.Max(0, source.IndexOf(name, StringComparison.Ordinal));
        return source.AsSpan(0, index).Count('\n') + 1;
    }

    [GeneratedRegex(@"\((\d+):\d+\)")]
    private static partial Regex ErrorPosition();

    /// <summary>Collects every member path (<c>incident.title</c>) and every name the template itself defines (for, assign, capture).</summary>
    private sealed class FactCollector : AstVisitor
    {
        public List<string> Paths { get; } = [];

        public HashSet<string> Locals { get; } = new(StringComparer.Ordinal) { "forloop" };

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            var names = new List<string>();
            foreach (var segment in memberExpression.Segments)
            {
                if (segment is not IdentifierSegment id)
                {
                    break;
                }

                names.Add(id.Identifier);
            }

            if (names.Count > 0)
            {
                Paths.Add(string.Join('.', names));
            }

            return base.VisitMemberExpression(memberExpression);
        }

        protected override Statement VisitForStatement(ForStatement forStatement)
        {
            Locals.Add(forStatement.Identifier);
            return base.VisitForStatement(forStatement);
        }

        protected override Statement VisitAssignStatement(AssignStatement assignStatement)
        {
            Locals.Add(assignStatement.Identifier);
            return base.VisitAssignStatement(assignStatement);
        }

        protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
        {
            Locals.Add(captureStatement.Identifier);
            return base.VisitCaptureStatement(captureStatement);
        }
    }
}
