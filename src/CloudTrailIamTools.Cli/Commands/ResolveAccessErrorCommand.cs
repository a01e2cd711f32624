using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Live;

namespace CloudTrailIamTools.Cli.Commands
{
    /// <summary>resolve-access-error: the CLI twin of Resolve-CloudTrailAccessError.</summary>
    internal static class ResolveAccessErrorCommand
    {
        public static Command Create(CliConsole console)
        {
            var messages = new Argument<string[]>("message")
            {
                Description = "Access-denied text; with none (and no --path), standard input is read: lines continuing a message are joined to it, a blank line or a new message's opening starts the next, and a JSON value may span lines.",
                Arity = ArgumentArity.ZeroOrMore,
            };
            // Without this, a mistyped option would be taken as a message to diagnose.
            messages.Validators.Add(result =>
            {
                foreach (var token in result.Tokens)
                {
                    if (token.Value.StartsWith("--", System.StringComparison.Ordinal))
                    {
                        result.AddError("Unrecognized option '" + token.Value + "'.");
                    }
                }
            });
            var paths = new Option<string[]>("--path")
            {
                Description = "A CloudTrail log file (.json or .json.gz) or a file of events; repeatable.",
                AllowMultipleArgumentsPerToken = false,
            };
            var json = new Option<bool>("--json") { Description = "Write one JSON object per diagnosis (JSON Lines) with the cmdlet's property names." };

            var decode = new Option<bool>("--decode") { Description = "Decode encoded authorization failure messages through STS (sts:DecodeAuthorizationMessage) and diagnose what they contain; the only use of AWS credentials." };
            var aws = new AwsOptions();

            var command = new Command("resolve-access-error", "Explain access-denied errors and how to fix them.");
            command.Arguments.Add(messages);
            command.Options.Add(paths);
            command.Options.Add(json);
            command.Options.Add(decode);
            aws.AddTo(command);
            command.SetAction(parse => Run(
                console, parse.GetValue(messages) ?? new string[0], parse.GetValue(paths) ?? new string[0], parse.GetValue(json),
                parse.GetValue(decode) ? new Decoder(() => aws.Resolve(parse)) : null));
            return command;
        }

        private static int Run(CliConsole console, string[] messages, string[] paths, bool json, Decoder? decoder)
        {
            var output = new DecodingOutput(new DiagnosisOutput(console.Output, json), decoder);
            int exitCode = CliApplication.ExitSuccess;
            foreach (string message in messages)
            {
                output.WriteAll(AccessErrorResolver.Default.Resolve(message));
            }

            foreach (string path in paths)
            {
                try
                {
                    output.WriteAll(AccessErrorResolver.Default.ResolveFile(path));
                }
                catch (InvalidInputException failure)
                {
                    // The other inputs still get their diagnoses; the bad path makes this a usage error.
                    console.Error.WriteLine("error: " + failure.Message);
                    exitCode = CliApplication.ExitUsage;
                }
            }

            if (messages.Length == 0 && paths.Length == 0)
            {
                foreach (string input in ReadInputs(console.Input))
                {
                    output.WriteAll(AccessErrorResolver.Default.Resolve(input));
                }
            }

            return exitCode;
        }

        /// <summary>Opens encoded messages through STS, connecting only when the first one turns up.</summary>
        private sealed class Decoder
        {
            private readonly System.Func<ResolvedAwsConnection> connect;
            private StsClient? sts;

            public Decoder(System.Func<ResolvedAwsConnection> connect)
            {
                this.connect = connect;
            }

            public AccessErrorDiagnosis Decode(AccessErrorDiagnosis diagnosis)
            {
                if (!AuthorizationMessageDecoder.CanDecode(diagnosis))
                {
                    return diagnosis;
                }

                sts ??= connect().CreateStsClient();
                return new AuthorizationMessageDecoder(sts).DecodeAsync(diagnosis).GetAwaiter().GetResult();
            }
        }

        /// <summary>Writes diagnoses, decoding encoded ones first when --decode is given.</summary>
        private sealed class DecodingOutput
        {
            private readonly DiagnosisOutput output;
            private readonly Decoder? decoder;

            public DecodingOutput(DiagnosisOutput output, Decoder? decoder)
            {
                this.output = output;
                this.decoder = decoder;
            }

            public void WriteAll(IEnumerable<AccessErrorDiagnosis> diagnoses) =>
                output.WriteAll(decoder is null ? diagnoses : diagnoses.Select(decoder.Decode));
        }

        /// <summary>One input per message, each written as soon as the line after it shows it is complete.</summary>
        private static IEnumerable<string> ReadInputs(TextReader input)
        {
            var joiner = new AccessErrorLineJoiner();
            string? line;
            while ((line = input.ReadLine()) is not null)
            {
                foreach (string message in joiner.Add(line))
                {
                    yield return message;
                }
            }

            if (joiner.Complete() is string last)
            {
                yield return last;
            }
        }
    }
}
