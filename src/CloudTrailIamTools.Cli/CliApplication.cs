using System;
using System.CommandLine;
using System.IO;
using CloudTrailIamTools.Cli.Commands;

namespace CloudTrailIamTools.Cli
{
    /// <summary>The CLI's composition root; tests call Run with their own streams.</summary>
    internal static class CliApplication
    {
        public const int ExitSuccess = 0;
        public const int ExitFailure = 1;
        public const int ExitUsage = 2;

        public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error, bool inputRedirected = true)
        {
            var console = new CliConsole(input, output, error, inputRedirected);
            var root = new RootCommand("cloudtrail-iam: diagnose and fix AWS CloudTrail identity and access problems.");
            root.Subcommands.Add(ResolveAccessErrorCommand.Create(console));
            root.Subcommands.Add(GrantPermissionCommand.Create(console));
            root.Subcommands.Add(GrantCrossAccountRoleCommand.Create(console));
            root.Subcommands.Add(RepairOrganizationTrailSlrCommand.Create(console));
            root.Subcommands.Add(TestPermissionCommand.Create(console));
            root.Subcommands.Add(GetAccessDeniedCommand.Create(console));

            ParseResult parsed = root.Parse(args);
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
