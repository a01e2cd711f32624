using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace CloudTrailIamTools.HelpCompiler
{
    /// <summary>The prose of one cmdlet's help, read from a platyPS-style markdown file.</summary>
    internal sealed class CmdletHelpMarkdown
    {
        public string Name { get; private set; } = string.Empty;

        public string Synopsis { get; private set; } = string.Empty;

        public string Description { get; private set; } = string.Empty;

        public List<HelpExample> Examples { get; } = new List<HelpExample>();

        public Dictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public List<(string Type, string Description)> Inputs { get; } = new List<(string, string)>();

        public List<(string Type, string Description)> Outputs { get; } = new List<(string, string)>();

        public string Notes { get; private set; } = string.Empty;

        public List<(string Text, string Uri)> RelatedLinks { get; } = new List<(string, string)>();

        public static CmdletHelpMarkdown Read(string path)
        {
            var help = new CmdletHelpMarkdown();
            string[] lines = File.ReadAllLines(path);
            int index = SkipFrontMatter(lines);
            string section = string.Empty;
            string? subsection = null;
            var text = new StringBuilder();
            bool inCode = false;
            var example = (HelpExample?)null;

            void Flush()
            {
                string body = text.ToString().Trim();
                text.Clear();
                switch (section)
                {
                    case "SYNOPSIS":
                        help.Synopsis = body;
                        break;
                    case "DESCRIPTION":
                        help.Description = body;
                        break;
                    case "NOTES":
                        help.Notes = body;
                        break;
                    case "PARAMETERS" when subsection is not null && subsection.StartsWith("-", StringComparison.Ordinal):
                        help.Parameters[subsection.Substring(1)] = StripYaml(body);
                        break;
                    case "INPUTS" when subsection is not null:
                        help.Inputs.Add((subsection, body));
                        break;
                    case "OUTPUTS" when subsection is not null:
                        help.Outputs.Add((subsection, body));
                        break;
                    case "EXAMPLES" when example is not null:
                        example.Remarks = body;
                        break;
                }
            }

            for (; index < lines.Length; index++)
            {
                string line = lines[index];
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    if (section == "EXAMPLES" && example is not null && !inCode && line.Length > 3 && example.Code.Length == 0)
                    {
                        inCode = true;
                        continue;
                    }

                    if (inCode)
                    {
                        inCode = false;
                        continue;
                    }
                }

                if (inCode)
                {
                    example!.Code = example.Code.Length == 0 ? line : example.Code + Environment.NewLine + line;
                    continue;
                }

                if (line.StartsWith("# ", StringComparison.Ordinal) && help.Name.Length == 0)
                {
                    help.Name = line.Substring(2).Trim();
                    continue;
                }

                if (line.StartsWith("## ", StringComparison.Ordinal))
                {
                    Flush();
                    section = line.Substring(3).Trim().ToUpperInvariant();
                    subsection = null;
                    example = null;
                    continue;
                }

                if (line.StartsWith("### ", StringComparison.Ordinal))
                {
                    Flush();
                    subsection = line.Substring(4).Trim();
                    if (section == "EXAMPLES")
                    {
                        example = new HelpExample(subsection);
                        help.Examples.Add(example);
                    }

                    continue;
                }

                if (section == "RELATED LINKS" && line.TrimStart().StartsWith("- [", StringComparison.Ordinal))
                {
                    int close = line.IndexOf(']');
                    int open = line.IndexOf('[');
                    string linkText = line.Substring(open + 1, close - open - 1);
                    int uriStart = line.IndexOf('(', close);
                    int uriEnd = line.LastIndexOf(')');
                    string uri = uriStart > 0 && uriEnd > uriStart ? line.Substring(uriStart + 1, uriEnd - uriStart - 1) : string.Empty;
                    help.RelatedLinks.Add((linkText, uri));
                    continue;
                }

                text.AppendLine(line);
            }

            Flush();
            return help;
        }

        /// <summary>platyPS puts a ```yaml metadata block after each parameter's prose; the metadata comes from the assembly instead.</summary>
        private static string StripYaml(string body)
        {
            int yaml = body.IndexOf("```yaml", StringComparison.Ordinal);
            return yaml < 0 ? body : body.Substring(0, yaml).Trim();
        }

        private static int SkipFrontMatter(string[] lines)
        {
            if (lines.Length == 0 || lines[0].Trim() != "---")
            {
                return 0;
            }

            for (int i = 1; i < lines.Length; i++)
            {
                if (lines[i].Trim() == "---")
                {
                    return i + 1;
                }
            }

            return lines.Length;
        }
    }

    internal sealed class HelpExample
    {
        public HelpExample(string title)
        {
            Title = title;
        }

        public string Title { get; }

        public string Code { get; set; } = string.Empty;

        public string Remarks { get; set; } = string.Empty;
    }
}
