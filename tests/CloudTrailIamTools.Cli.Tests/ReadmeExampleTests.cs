using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Diagnostics;
using System.Threading.Tasks;
using CloudTrailIamTools.IntegrationTests.Infrastructure;

namespace CloudTrailIamTools.Cli.Tests
{
    [CollectionDefinition(nameof(ReadmeExampleCollection), DisableParallelization = true)]
    public sealed class ReadmeExampleCollection
    {
    }

    /// <summary>
    /// Every cloudtrail-iam example in the README's bash blocks and in the CLI's help runs as written, in bash, with the
    /// built program on PATH: in a folder holding the files the examples name (log.json.gz, readonly.json,
    /// requests.jsonl, AWSLogs, *.json.gz), real pipes (zcat, the aws CLI), and moto behind AWS_ENDPOINT_URL where the
    /// example calls AWS. Its own collection: moto and a dozen processes are heavy for a 2-core machine.
    /// </summary>
    [Collection(nameof(ReadmeExampleCollection))]
    public sealed class ReadmeExampleTests : IAsyncLifetime
    {
        /// <summary>Examples this test cannot run, with the reason; remove an entry when the reason goes.</summary>
        private static readonly Dictionary<string, string> Pending = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--use-simulator"] = "moto answers iam:SimulatePrincipalPolicy with HTTP 500: the simulator needs real IAM",
        };

        private const string Ana = "arn:aws:iam::123456789012:user/ana";

        private readonly MotoServerFixture moto = new MotoServerFixture();
        private readonly string folder = Path.Combine(Path.GetTempPath(), "ctit-readme-" + Guid.NewGuid().ToString("N"));

        public static IEnumerable<object[]> Examples() => ReadmeExamples().Concat(HelpExamples()).Select(example => new object[] { example });

        public async Task InitializeAsync()
        {
            await moto.InitializeAsync();
            Directory.CreateDirectory(folder);
            string denied = "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"" + Ana + "\",\"accountId\":\"123456789012\"}," +
                "\"eventTime\":\"" + DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") + "\",\"eventSource\":\"cloudtrail.amazonaws.com\"," +
                "\"eventName\":\"GetTrailStatus\",\"awsRegion\":\"us-east-1\",\"errorCode\":\"AccessDenied\",\"errorMessage\":\"User: " + Ana +
                " is not authorized to perform: cloudtrail:GetTrailStatus on resource: My-Trail\",\"eventID\":\"e1\",\"recipientAccountId\":\"123456789012\"}";
            byte[] log = Gzip("{\"Records\":[" + denied + "]}");
            File.WriteAllBytes(Path.Combine(folder, "log.json.gz"), log);
            File.WriteAllBytes(Path.Combine(folder, "123456789012_CloudTrail_us-east-1_a.json.gz"), log);
            string day = Path.Combine(folder, "AWSLogs", "123456789012", "CloudTrail", "us-east-1", "2026", "11", "20");
            Directory.CreateDirectory(day);
            File.WriteAllBytes(Path.Combine(day, "a.json.gz"), log);
            const string ReadOnly = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"cloudtrail:Get*\",\"cloudtrail:Describe*\",\"cloudtrail:List*\",\"cloudtrail:LookupEvents\"],\"Resource\":\"*\"}]}";
            File.WriteAllText(Path.Combine(folder, "readonly.json"), ReadOnly);
            File.WriteAllText(Path.Combine(folder, "requests.jsonl"),
                "{\"Principal\":\"" + Ana + "\",\"Action\":\"cloudtrail:GetTrailStatus\",\"Resource\":\"arn:aws:cloudtrail:us-east-1:123456789012:trail/My-Trail\",\"IdentityPolicies\":[" + ReadOnly + "]}\n" +
                "{\"Principal\":\"" + Ana + "\",\"Action\":\"cloudtrail:DeleteTrail\",\"IdentityPolicies\":[" + ReadOnly + "]}\n");
            File.WriteAllText(Path.Combine(folder, "config"), "[profile management]\nregion = us-east-1\n");
            File.WriteAllText(Path.Combine(folder, "credentials"), "[management]\naws_access_key_id = " + MotoServerFixture.AccessKey + "\naws_secret_access_key = " + MotoServerFixture.SecretKey + "\n");
            moto.AwsCli("iam", "create-user", "--user-name", "ana");
            moto.AwsCli("organizations", "create-organization", "--feature-set", "ALL");
            moto.AwsCli("iam", "create-role", "--role-name", "Auditor", "--assume-role-policy-document",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}");
            moto.AwsCli("iam", "attach-role-policy", "--role-name", "Auditor", "--policy-arn", "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess");
            File.WriteAllText(Path.Combine(folder, "errors.txt"),
                "User: " + Ana + " is not authorized to perform: cloudtrail:GetTrailStatus on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/My-Trail\n\n" +
                "An error occurred (AccessDeniedException) when calling the DescribeTrails operation: User: " + Ana + " is not authorized to perform: cloudtrail:DescribeTrails\n");
            string bin = Path.Combine(folder, "bin");
            Directory.CreateDirectory(bin);
            string program = Path.Combine(bin, "cloudtrail-iam");
            File.WriteAllText(program, "#!/bin/sh\nexec dotnet \"" + Path.Combine(AppContext.BaseDirectory, "cloudtrail-iam.dll") + "\" \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        public async Task DisposeAsync()
        {
            await moto.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }

        [Theory]
        [MemberData(nameof(Examples))]
        public async Task RunsAsWritten(string example)
        {
            if (Pending.Keys.Any(example.Contains) || OperatingSystem.IsWindows())
            {
                return;
            }

            // `dotnet run --project src/CloudTrailIamTools.Cli --` builds and runs the same program the tests already built.
            string script = example.Replace("dotnet run --project src/CloudTrailIamTools.Cli --", "cloudtrail-iam");
            var start = new ProcessStartInfo("bash", new[] { "-c", script })
            {
                WorkingDirectory = folder,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["PATH"] = Path.Combine(folder, "bin") + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            start.Environment["AWS_ENDPOINT_URL"] = moto.EndpointUrl;
            start.Environment["AWS_ACCESS_KEY_ID"] = MotoServerFixture.AccessKey;
            start.Environment["AWS_SECRET_ACCESS_KEY"] = MotoServerFixture.SecretKey;
            start.Environment["AWS_REGION"] = MotoServerFixture.Region;
            start.Environment["AWS_DEFAULT_REGION"] = MotoServerFixture.Region;
            start.Environment["AWS_CONFIG_FILE"] = Path.Combine(folder, "config");
            start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(folder, "credentials");
            start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            start.Environment.Remove("AWS_PROFILE");
            if (script.Contains("--profile"))
            {
                // The profile is the only source: the example must find it, not the environment's keys.
                start.Environment.Remove("AWS_ACCESS_KEY_ID");
                start.Environment.Remove("AWS_SECRET_ACCESS_KEY");
            }

            using Process process = Process.Start(start)!;
            process.StandardInput.Close();
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            using var timeout = new System.Threading.CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            string stdout = await output;
            string stderr = await error;

            // The aws CLI's own complaint (moto has no trail My-Trail) is input to the example, not its failure.
            Assert.True(process.ExitCode == 0, example + "\nexited " + process.ExitCode + ":\n" + stderr + stdout);
            Assert.NotEmpty(stdout);
            Assert.DoesNotContain("report this as a bug", stderr);
        }

        [Fact]
        public void TheExamplesAreFound()
        {
            string[] examples = ReadmeExamples().ToArray();

            Assert.True(examples.Length >= 12, string.Join("\n", examples));
            Assert.Contains(examples, example => example.StartsWith("zcat", StringComparison.Ordinal));
        }

        private static IEnumerable<string> ReadmeExamples()
        {
            bool inBash = false;
            string pending = string.Empty;
            foreach (string line in File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md")))
            {
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    inBash = line.Trim() == "```bash";
                    pending = string.Empty;
                    continue;
                }

                // A line ending in '|' or '\' goes on in the next one, as bash reads it.
                string command = (pending + " " + StripComment(line).Trim()).Trim();
                if (command.EndsWith("|", StringComparison.Ordinal) || command.EndsWith("\\", StringComparison.Ordinal))
                {
                    pending = command.TrimEnd('\\');
                    continue;
                }

                pending = string.Empty;
                if (inBash && (command.Contains("cloudtrail-iam ") || command.Contains("--project src/CloudTrailIamTools.Cli -- ")))
                {
                    yield return command;
                }
            }
        }

        /// <summary>Lines of the CLI's help that start with the program's name (there are none today; new ones are covered).</summary>
        private static IEnumerable<string> HelpExamples()
        {
            foreach (string command in new[] { "resolve-access-error", "grant-permission", "grant-cross-account-role", "repair-organization-trail-slr", "test-permission", "get-access-denied" })
            {
                foreach (string line in CliRunner.Run(null, command, "--help").OutputLines)
                {
                    if (line.TrimStart().StartsWith("cloudtrail-iam ", StringComparison.Ordinal))
                    {
                        yield return line.Trim();
                    }
                }
            }
        }

        private static string StripComment(string line)
        {
            char quote = '\0';
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quote != '\0')
                {
                    quote = c == quote ? '\0' : quote;
                }
                else if (c == '\'' || c == '"')
                {
                    quote = c;
                }
                else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
                {
                    return line.Substring(0, i);
                }
            }

            return line;
        }

        private static byte[] Gzip(string content)
        {
            using var memory = new MemoryStream();
            using (var gzip = new GZipStream(memory, CompressionLevel.Fastest))
            {
                byte[] bytes = Encoding.UTF8.GetBytes(content);
                gzip.Write(bytes, 0, bytes.Length);
            }

            return memory.ToArray();
        }

        private static string RepositoryRoot()
        {
            string? directory = AppContext.BaseDirectory;
            while (directory is not null && !File.Exists(Path.Combine(directory, "CloudTrailIamTools.sln")))
            {
                directory = Path.GetDirectoryName(directory);
            }

            return directory ?? throw new InvalidOperationException("The repository root (CloudTrailIamTools.sln) was not found above " + AppContext.BaseDirectory);
        }
    }
}
