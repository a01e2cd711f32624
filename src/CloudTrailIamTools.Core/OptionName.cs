using System;
using System.Text;
using CloudTrailIamTools.Core.Aws;

namespace CloudTrailIamTools.Core
{
    /// <summary>
    /// One of this tool's own parameters, named in a message by what it is. The core writes no spelling: the module
    /// spells it as a cmdlet parameter (-Force), the CLI as an option (--force), following <see cref="FrontEnd.Style"/>
    /// or the style a caller passes (<see cref="SpelledFor"/>).
    /// </summary>
    public sealed class OptionName
    {
        public OptionName(string parameter, string? cliOption = null)
        {
            Parameter = string.IsNullOrWhiteSpace(parameter) ? throw new ArgumentException("A parameter name is required.", nameof(parameter)) : parameter;
            CliOption = cliOption ?? Kebab(parameter);
        }

        /// <summary>The cmdlet parameter's name, without its dash: ThirdParty.</summary>
        public string Parameter { get; }

        /// <summary>The CLI option's name, without its dashes: third-party.</summary>
        public string CliOption { get; }

        /// <summary>The name as the given front end writes it.</summary>
        public string SpelledFor(AwsParameterStyle style) => style == AwsParameterStyle.Cli ? "--" + CliOption : "-" + Parameter;

        /// <summary>The name as the running front end writes it, so messages built with it read right in both.</summary>
        public override string ToString() => SpelledFor(FrontEnd.Style);

        // ThirdParty -> third-party, the CLI's convention for the options that mirror cmdlet parameters.
        private static string Kebab(string name)
        {
            var text = new StringBuilder(name.Length + 4);
            for (int i = 0; i < name.Length; i++)
            {
                if (i > 0 && char.IsUpper(name[i]) && char.IsLower(name[i - 1]))
                {
                    text.Append('-');
                }

                text.Append(char.ToLowerInvariant(name[i]));
            }

            return text.ToString();
        }
    }
}
