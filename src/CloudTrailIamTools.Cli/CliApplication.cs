using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using CloudTrailIamTools.Cli.Commands;

namespace CloudTrailIamTools.Cli
{
    /// <summary>The CLI's composition root; tests call Run with their own streams.</summary>
    internal static class CliApplication
    {
        /// <summary>The work was done and every input was read.</summary>
        public const int ExitSuccess = 0;

        /// <summary>Data or AWS failure: some input could not be read or used (said on stderr; the output covers the rest), or an AWS call failed.</summary>
        public const int ExitFailure = 1;

        /// <summary>The command line itself is wrong: unknown command or option, bad option value or combination, missing file.</summary>
        public const int ExitUsage = 2;

        /// <summary>What the exit codes mean, the same for every command; in --help and the README.</summary>
        public const string ExitCodesHelp =
            "Exit codes: 0 done, every input read; 1 some input could not be read or used (each said on standard error; " +
            "the output covers the rest), get-access-denied's standard input was empty, or an AWS call failed; 2 usage error (unknown command or " +
            "option, bad option value, missing file).";

        public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error, bool inputRedirected = true)
        {
            // The core's messages name our options (OptionName): here they read --force, not -Force.
            using IDisposable frontEnd = Core.FrontEnd.Use(Core.Aws.AwsParameterStyle.Cli);
            var console = new CliConsole(input, output, error, inputRedirected);
            var root = new RootCommand("cloudtrail-iam: diagnose and fix AWS CloudTrail identity and access problems. " + ExitCodesHelp);
            root.Subcommands.Add(ResolveAccessErrorCommand.Create(console));
            root.Subcommands.Add(GrantPermissionCommand.Create(console));
            root.Subcommands.Add(GrantCrossAccountRoleCommand.Create(console));
            root.Subcommands.Add(RepairOrganizationTrailSlrCommand.Create(console));
            root.Subcommands.Add(TestPermissionCommand.Create(console));
            root.Subcommands.Add(GetAccessDeniedCommand.Create(console));

            ParseResult parsed = root.Parse(args);
            if (parsed.Errors.Count > 0 && parsed.CommandResult.Command == root)
            {
                // No command, or not one of ours: one error (the parser would add "Required command was not provided").
                string? first = args.Length > 0 ? args[0] : null;
                error.WriteLine(first is null ? "error: no command given."
                    : first.StartsWith("-", StringComparison.Ordinal) ? "error: '" + first + "' is not an option of cloudtrail-iam; options follow the command."
                    : "error: '" + first + "' is not a cloudtrail-iam command.");
                error.WriteLine("Commands: " + string.Join(", ", root.Subcommands.Select(command => command.Name)) + ". Run 'cloudtrail-iam --help' for usage.");
                return ExitUsage;
            }

            if (parsed.Errors.Count > 0)
            {
                foreach (var parseError in parsed.Errors)
                {
                    error.WriteLine("error: " + parseError.Message);
                }

                error.WriteLine("Run 'cloudtrail-iam --help' for usage.");
                return ExitUsage;
            }

            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            try
            {
                return parsed.Invoke(configuration);
            }
            catch (CliUsageException usage)
            {
                error.WriteLine("error: " + usage.Message);
                return ExitUsage;
            }
            catch (Core.CloudTrailIamToolsException failure)
            {
                error.WriteLine("error: " + failure.Message);
                return ExitFailure;
            }
            catch (Exception failure) when (failure is IOException || failure is UnauthorizedAccessException)
            {
                error.WriteLine("error: " + failure.Message);
                return ExitFailure;
            }
            catch (Exception failure)
            {
                // A bug escaped a command: still one line, never a stack trace, and enough to report it.
                error.WriteLine("error: unexpected " + failure.GetType().Name + ": " + failure.Message + " (please report this as a bug)");
                return ExitFailure;
            }
        }
    }

    /// <summary>The streams a command reads and writes; Console in production, strings in tests.</summary>
    internal sealed class CliConsole
    {
        public CliConsole(TextReader input, TextWriter output, TextWriter error, bool inputRedirected)
        {
            Input = input;
            Output = output;
            Error = error;
            InputRedirected = inputRedirected;
        }

        public TextReader Input { get; }

        public TextWriter Output { get; }

        public TextWriter Error { get; }

        public bool InputRedirected { get; }
    }

    /// <summary>A usage mistake the parser cannot see (a bad combination of options): exit code 2.</summary>
    internal sealed class CliUsageException : Exception
    {
        public CliUsageException(string message)
            : base(message)
        {
        }
    }
}
