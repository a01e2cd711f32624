using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CloudTrailIamTools.HelpCompiler
{
    /// <summary>Writes MAML in the shape Get-Help reads (the same elements platyPS produces).</summary>
    internal static class MamlWriter
    {
        public static readonly XNamespace Msh = "http://msh";
        public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        private static readonly (string Name, string Description)[] ShouldProcessParameters =
        {
            ("WhatIf", "Shows what would happen if the cmdlet runs. The cmdlet is not run."),
            ("Confirm", "Prompts you for confirmation before running the cmdlet."),
        };

        public static XDocument Write(IEnumerable<(CmdletMetadata Cmdlet, CmdletHelpMarkdown Help)> cmdlets)
        {
            var root = new XElement(Msh + "helpItems",
                new XAttribute("schema", "maml"),
                new XAttribute(XNamespace.Xmlns + "maml", Maml),
                new XAttribute(XNamespace.Xmlns + "command", Command),
                new XAttribute(XNamespace.Xmlns + "dev", Dev));
            foreach (var (cmdlet, help) in cmdlets)
            {
                root.Add(WriteCommand(cmdlet, help));
            }

            return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
        }

        private static XElement WriteCommand(CmdletMetadata cmdlet, CmdletHelpMarkdown help)
        {
            return new XElement(Command + "command",
                new XElement(Command + "details",
                    new XElement(Command + "name", cmdlet.Name),
                    new XElement(Command + "verb", cmdlet.Verb),
                    new XElement(Command + "noun", cmdlet.Noun),
                    Description(help.Synopsis)),
                Description(help.Description),
                new XElement(Command + "syntax", cmdlet.ParameterSets.Select(set => SyntaxItem(cmdlet, help, set))),
                new XElement(Command + "parameters", AllParameters(cmdlet, help)),
                new XElement(Command + "inputTypes", help.Inputs.Select(i => TypedEntry("inputType", i.Type, i.Description))),
                new XElement(Command + "returnValues", help.Outputs.Select(o => TypedEntry("returnValue", o.Type, o.Description))),
                new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(help.Notes))),
                new XElement(Command + "examples", help.Examples.Select((example, index) => new XElement(Command + "example",
                    new XElement(Maml + "title", "-------------------------- " + example.Title + " --------------------------"),
                    new XElement(Dev + "code", example.Code),
                    // The trailing empty paragraph keeps an example's notes apart from the next example's title.
                    new XElement(Dev + "remarks", Paragraphs(example.Remarks), new XElement(Maml + "para", string.Empty))))),
                new XElement(Command + "relatedLinks", help.RelatedLinks.Select(link => new XElement(Maml + "navigationLink",
                    new XElement(Maml + "linkText", link.Text),
                    new XElement(Maml + "uri", link.Uri)))));
        }

        private static XElement SyntaxItem(CmdletMetadata cmdlet, CmdletHelpMarkdown help, string set)
        {
            var parameters = cmdlet.Parameters
                .Select(p => (Parameter: p, Usage: p.UsageIn(set)))
                .Where(p => p.Usage is not null)
                .OrderBy(p => p.Usage!.Position ?? int.MaxValue)
                .Select(p => Parameter(p.Parameter, p.Usage!, help))
                .ToList();
            if (cmdlet.SupportsShouldProcess)
            {
                parameters.AddRange(ShouldProcessParameters.Select(p => SwitchParameter(p.Name, Describe(help, p.Name, p.Description))));
            }

            return new XElement(Command + "syntaxItem", new XElement(Maml + "name", cmdlet.Name), parameters);
        }

        private static IEnumerable<XElement> AllParameters(CmdletMetadata cmdlet, CmdletHelpMarkdown help)
        {
            foreach (ParameterMetadata parameter in cmdlet.Parameters.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                // The parameter list shows one entry per parameter: required or positional if it is so in any set.
                var usages = parameter.Sets.Values.ToList();
                var merged = new ParameterSetUsage(
                    usages.All(u => u.Mandatory),
                    usages.Select(u => u.Position).FirstOrDefault(p => p is not null),
                    usages.Any(u => u.FromPipeline),
                    usages.Any(u => u.FromPipelineByPropertyName));
                yield return Parameter(parameter, merged, help);
            }

            if (cmdlet.SupportsShouldProcess)
            {
                foreach (var (name, description) in ShouldProcessParameters)
                {
                    yield return SwitchParameter(name, Describe(help, name, description));
                }
            }
        }

        private static XElement Parameter(ParameterMetadata parameter, ParameterSetUsage usage, CmdletHelpMarkdown help)
        {
            var element = new XElement(Command + "parameter",
                new XAttribute("required", usage.Mandatory ? "true" : "false"),
                new XAttribute("variableLength", parameter.TypeName.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
                new XAttribute("globbing", parameter.SupportsWildcards ? "true" : "false"),
                new XAttribute("pipelineInput", usage.PipelineText),
                new XAttribute("position", usage.PositionText),
                new XAttribute("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases)),
                new XElement(Maml + "name", parameter.Name),
                Description(Describe(help, parameter.Name, string.Empty)));
            if (!parameter.IsSwitch && parameter.AcceptedValues.Count > 0)
            {
                // Get-Help shows these as {A | B | C} in SYNTAX and "Accepted values" under the parameter.
                element.Add(new XElement(Command + "parameterValueGroup", parameter.AcceptedValues.Select(value =>
                    new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), value))));
            }

            if (!parameter.IsSwitch)
            {
                element.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), ShortTypeName(parameter.TypeName)));
            }

            element.Add(new XElement(Dev + "type", new XElement(Maml + "name", parameter.TypeName), new XElement(Maml + "uri")));
            element.Add(new XElement(Dev + "defaultValue", parameter.IsSwitch ? "False" : "None"));
            return element;
        }

        private static XElement SwitchParameter(string name, string description) =>
            new XElement(Command + "parameter",
                new XAttribute("required", "false"),
                new XAttribute("variableLength", "false"),
                new XAttribute("globbing", "false"),
                new XAttribute("pipelineInput", "False"),
                new XAttribute("position", "named"),
                new XAttribute("aliases", name == "WhatIf" ? "wi" : "cf"),
                new XElement(Maml + "name", name),
                Description(description),
                new XElement(Dev + "type", new XElement(Maml + "name", "System.Management.Automation.SwitchParameter"), new XElement(Maml + "uri")),
                new XElement(Dev + "defaultValue", "False"));

        private static XElement TypedEntry(string element, string type, string description) =>
            new XElement(Command + element,
                new XElement(Dev + "type", new XElement(Maml + "name", type), new XElement(Maml + "uri")),
                Description(description));

        private static string Describe(CmdletHelpMarkdown help, string parameter, string fallback) =>
            help.Parameters.TryGetValue(parameter, out string? text) && text.Length > 0 ? text : fallback;

        private static XElement Description(string text) => new XElement(Maml + "description", Paragraphs(text));

        /// <summary>
        /// Blank lines separate paragraphs; wrapped lines within one are joined. A Markdown bullet ("- " or "* " at the
        /// start of a line) starts a paragraph of its own, so a list renders as a list and not as one run-on paragraph.
        /// </summary>
        private static IEnumerable<XElement> Paragraphs(string text) =>
            text.Replace("\r\n", "\n")
                .Split(new[] { "\n\n" }, StringSplitOptions.RemoveEmptyEntries)
                .SelectMany(SplitBullets)
                .Select(p => new XElement(Maml + "para", p))
                .Where(p => p.Value.Length > 0);

        private static IEnumerable<string> SplitBullets(string block)
        {
            var current = new List<string>();
            foreach (string line in block.Split('\n').Select(l => l.Trim()))
            {
                bool bullet = line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("* ", StringComparison.Ordinal);
                if (bullet && current.Count > 0)
                {
                    yield return string.Join(" ", current).Trim();
                    current.Clear();
                }

                current.Add(bullet ? "- " + line.Substring(2).Trim() : line);
            }

            if (current.Count > 0)
            {
                yield return string.Join(" ", current).Trim();
            }
        }

        private static string ShortTypeName(string fullName)
        {
            int dot = fullName.LastIndexOf('.');
            return dot < 0 ? fullName : fullName.Substring(dot + 1);
        }
    }
}
