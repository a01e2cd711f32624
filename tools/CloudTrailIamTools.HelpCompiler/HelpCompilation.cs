using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace CloudTrailIamTools.HelpCompiler
{
    /// <summary>Pairs each cmdlet with its markdown, lists what is missing, and produces the MAML document.</summary>
    internal sealed class HelpCompilation
    {
        private static readonly HashSet<string> CommonDocumentedParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "WhatIf", "Confirm" };

        private HelpCompilation(IReadOnlyList<(CmdletMetadata, CmdletHelpMarkdown)> pairs, IReadOnlyList<string> problems)
        {
            Pairs = pairs;
            Problems = problems;
        }

        public IReadOnlyList<(CmdletMetadata Cmdlet, CmdletHelpMarkdown Help)> Pairs { get; }

        /// <summary>Every gap in the help: a missing file, section, example or parameter description.</summary>
        public IReadOnlyList<string> Problems { get; }

        public static HelpCompilation Compile(string moduleAssemblyPath, string docsDirectory)
        {
            var pairs = new List<(CmdletMetadata, CmdletHelpMarkdown)>();
            var problems = new List<string>();
            foreach (CmdletMetadata cmdlet in CmdletMetadata.ReadModule(moduleAssemblyPath))
            {
                string path = Path.Combine(docsDirectory, cmdlet.Name + ".md");
                if (!File.Exists(path))
                {
                    problems.Add(cmdlet.Name + ": no help file " + path);
                    continue;
                }

                CmdletHelpMarkdown help = CmdletHelpMarkdown.Read(path);
                problems.AddRange(Check(cmdlet, help).Select(problem => cmdlet.Name + ": " + problem));
                pairs.Add((cmdlet, help));
            }

            return new HelpCompilation(pairs, problems);
        }

        public XDocument ToMaml() => MamlWriter.Write(Pairs);

        private static IEnumerable<string> Check(CmdletMetadata cmdlet, CmdletHelpMarkdown help)
        {
            if (help.Name != cmdlet.Name)
            {
                yield return "the title is '" + help.Name + "'";
            }

            if (help.Synopsis.Length == 0)
            {
                yield return "no SYNOPSIS";
            }

            if (help.Description.Length == 0)
            {
                yield return "no DESCRIPTION";
            }

            if (help.Examples.Count < 2)
            {
                yield return "fewer than two EXAMPLES";
            }

            foreach (HelpExample example in help.Examples.Where(e => e.Code.Length == 0))
            {
                yield return "example '" + example.Title + "' has no code";
            }

            // Follow-up examples (using what the cmdlet created) are welcome, but two must show the cmdlet itself.
            if (help.Examples.Count(e => e.Code.Contains(cmdlet.Name, StringComparison.OrdinalIgnoreCase)) < 2)
            {
                yield return "fewer than two examples run " + cmdlet.Name;
            }

            foreach (ParameterMetadata parameter in cmdlet.Parameters)
            {
                if (!help.Parameters.TryGetValue(parameter.Name, out string? text) || text.Length == 0)
                {
                    yield return "parameter -" + parameter.Name + " is not described";
                }
            }

            foreach (string documented in help.Parameters.Keys)
            {
                if (!CommonDocumentedParameters.Contains(documented) && cmdlet.Parameters.All(p => !p.Name.Equals(documented, StringComparison.OrdinalIgnoreCase)))
                {
                    yield return "documents -" + documented + ", which the cmdlet does not have";
                }
            }

            if (help.Inputs.Count == 0)
            {
                yield return "no INPUTS";
            }

            if (help.Outputs.Count == 0)
            {
                yield return "no OUTPUTS";
            }

            foreach (string output in cmdlet.OutputTypes.Where(type => help.Outputs.All(o => o.Type != type)))
            {
                yield return "OUTPUTS does not list " + output;
            }

            if (help.RelatedLinks.Count == 0)
            {
                yield return "no RELATED LINKS";
            }
        }
    }
}
