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

            var command = new Command(
                "resolve-access-error",
                "Explain access-denied errors and how to fix them: text, JSON events and error bodies, and files (--path: CloudTrail logs, plain or gzip, " +
                "streamed; a log's records whose errorCode is an authorization code or one of CloudTrail's prerequisite errors, or whose message says " +
                "'is not authorized to' - wider than get-access-denied, which takes authorization codes only). Exit codes: 0 even for unrecognized text " +
                "or empty standard input (a note says so); " +
                "1 a file could not be read in full (each problem said on standard error, the rest diagnosed); 2 usage error " +
                "(unknown option, missing file).");
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
                exitCode = System.Math.Max(exitCode, ResolveFile(console, output, path));
            }

            if (messages.Length == 0 && paths.Length == 0)
            {
                bool any = false;
                foreach (string input in ReadInputs(console.Input))
                {
                    any = true;
                    output.WriteAll(AccessErrorResolver.Default.Resolve(input));
                }

                if (!any)
                {
                    // Said, but not a failure: `some-command 2>&1 | resolve-access-error` is fine when the command printed nothing.
                    console.Error.WriteLine("note: standard input was empty: no error message to diagnose (give one as an argument, or --path).");
                }
            }

            return exitCode;
        }

        /// <summary>
        /// One file, streamed: its diagnoses on standard output, each problem in it (bad JSON, not UTF-8, a record over
        /// 64 MB) as an error line, and reading goes on. A missing file is a usage error (2); a file that could not be
        /// read in full is a data error (1). The other inputs are read either way.
        /// </summary>
        private static int ResolveFile(CliConsole console, DecodingOutput output, string path)
        {
            if (!File.Exists(path))
            {
                console.Error.WriteLine("error: --path '" + path + "': " + (Directory.Exists(path) ? "is a folder; name the log files in it." : "no such file."));
                return CliApplication.ExitUsage;
            }

            int exitCode = CliApplication.ExitSuccess;
            try
            {
                foreach (FileDiagnosisItem item in AccessErrorResolver.Default.ResolveFile(path))
                {
                    if (item.Problem is not null)
                    {
                        console.Error.WriteLine("error: " + item.Problem.Path + ": " + item.Problem.Message);
                        exitCode = CliApplication.ExitFailure;
                    }
                    else
                    {
                        output.WriteAll(new[] { item.Diagnosis! });
                    }
                }
            }
            catch (InvalidInputException failure)
            {
                console.Error.WriteLine("error: " + failure.Message);
                exitCode = CliApplication.ExitFailure;
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
