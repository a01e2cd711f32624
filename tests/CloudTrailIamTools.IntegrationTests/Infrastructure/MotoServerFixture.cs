using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Aws;

namespace CloudTrailIamTools.IntegrationTests.Infrastructure
{
    [CollectionDefinition(Name)]
    public sealed class MotoCollection : ICollectionFixture<MotoServerFixture>
    {
        public const string Name = "moto";
    }

    /// <summary>
    /// One moto_server per test run on 127.0.0.1 and a free port, with AWS managed policies loaded.
    /// Tests use unique names, so state is only reset where a test needs a clean account.
    /// </summary>
    public sealed class MotoServerFixture : IAsyncLifetime
    {
        public const string AccountId = "123456789012";
        public const string Region = "us-east-1";
        public const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
        public const string SecretKey = "moto-secret-key-not-real";

        // Each call sets its own deadline: a reset reloads every AWS managed policy and takes tens of seconds on a busy 2-core machine.
        private static readonly HttpClient Http = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);
        private static readonly TimeSpan AdminCallTimeout = TimeSpan.FromMinutes(3);
        private readonly SemaphoreSlim _adminCalls = new SemaphoreSlim(1, 1);
        private Process? _process;
        private readonly StringBuilder _output = new StringBuilder();

        public string EndpointUrl { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
            string executable = FindMotoServer() ?? throw new InvalidOperationException(
                "moto_server was not found on PATH (nor in ~/.pyenv/shims). Install it with 'pip install \"moto[server]\"' " +
                "so the integration tests can start it on 127.0.0.1.");
            int port = FreePort();
            EndpointUrl = $"http://127.0.0.1:{port}";
            var start = new ProcessStartInfo(executable, $"-H 127.0.0.1 -p {port}")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true";
            start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            _process = Process.Start(start) ?? throw new InvalidOperationException("moto_server did not start.");
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();

            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode}: {Output()}");
                }

                if (await AnswersAsync())
                {
                    return;
                }

                await Task.Delay(100);
            }

            throw new InvalidOperationException($"moto_server did not answer GET /moto-api/ within 90 s: {Output()}");
        }

        public Task DisposeAsync()
        {
            if (_process != null && !_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }

            _process?.Dispose();
            return Task.CompletedTask;
        }

        /// <summary>
        /// Forgets every resource moto holds (POST /moto-api/reset). One admin call at a time, each with minutes to
        /// finish; if the connection fails anyway, wait until moto answers again and retry, so the next test never
        /// meets a moto that is still half-way through a reset.
        /// </summary>
        public Task ResetAsync() => AdminPostAsync("/moto-api/reset", () => new StringContent(string.Empty));

        /// <summary>Turns moto's IAM authorization checks on (every later call needs real keys and permissions) or off.</summary>
        public Task SetAuthorizationAsync(bool enabled) =>
            AdminPostAsync("/moto-api/reset-auth", () => new StringContent(enabled ? "0" : "inf", Encoding.UTF8, "text/plain"));

        private async Task AdminPostAsync(string path, Func<HttpContent> content)
        {
            await _adminCalls.WaitAsync();
            try
            {
                for (int attempt = 1; ; attempt++)
                {
                    using var deadline = new CancellationTokenSource(AdminCallTimeout);
                    try
                    {
                        using var body = content();
                        using var response = await Http.PostAsync(EndpointUrl + path, body, deadline.Token);
                        if (response.IsSuccessStatusCode)
                        {
                            return;
                        }

                        if ((int)response.StatusCode < 500 || attempt == 3)
                        {
                            response.EnsureSuccessStatusCode();
                        }
                    }
                    catch (Exception ex) when ((ex is HttpRequestException || ex is OperationCanceledException) && attempt < 3)
                    {
                    }

                    await WaitUntilAnsweringAsync(AdminCallTimeout);
                }
            }
            finally
            {
                _adminCalls.Release();
            }
        }

        private async Task WaitUntilAnsweringAsync(TimeSpan patience)
        {
            var deadline = DateTime.UtcNow + patience;
            while (DateTime.UtcNow < deadline && !(_process?.HasExited ?? true))
            {
                if (await AnswersAsync())
                {
                    return;
                }

                await Task.Delay(250);
            }
        }

        private async Task<bool> AnswersAsync()
        {
            using var probe = new CancellationTokenSource(ProbeTimeout);
            try
            {
                using var response = await Http.GetAsync(EndpointUrl + "/moto-api/", probe.Token);
                return response.IsSuccessStatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is OperationCanceledException)
            {
                return false;
            }
        }

        /// <summary>Explicit-key connection to moto, as -AccessKey/-SecretKey/-Region/-EndpointUrl would give.</summary>
        public ResolvedAwsConnection Connection()
        {
            return new AwsConnectionResolver(TestEnvironment.Empty).Resolve(new AwsConnectionOptions
            {
                AccessKey = AccessKey,
                SecretKey = SecretKey,
                Region = Region,
                EndpointUrl = EndpointUrl,
            });
        }

        public static AwsClientSettings FastSettings(int? pageSize = null) => new AwsClientSettings
        {
            MaxErrorRetry = 1,
            MaxRetryBackoff = TimeSpan.FromMilliseconds(20),
            Timeout = TimeSpan.FromSeconds(20),
            PageSize = pageSize,
        };

        /// <summary>Runs the aws CLI against moto for set-up steps our clients do not cover; returns stdout.</summary>
        public string AwsCli(params string[] arguments)
        {
            var start = new ProcessStartInfo(FindOnPath("aws") ?? "aws")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string argument in arguments.Concat(new[] { "--endpoint-url", EndpointUrl, "--region", Region, "--output", "json" }))
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["AWS_ACCESS_KEY_ID"] = AccessKey;
            start.Environment["AWS_SECRET_ACCESS_KEY"] = SecretKey;
            start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            start.Environment["AWS_CONFIG_FILE"] = "/nonexistent/aws-config";
            start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/aws-credentials";
            start.Environment.Remove("AWS_PROFILE");
            using var process = Process.Start(start) ?? throw new InvalidOperationException("aws CLI did not start.");
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("aws " + string.Join(" ", arguments) + " did not finish in 60 s.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"aws {string.Join(" ", arguments)} failed ({process.ExitCode}): {stderr.Result}");
            }

            return stdout.Result;
        }

        private void Append(string? line)
        {
            if (line == null)
            {
                return;
            }

            lock (_output)
            {
                if (_output.Length < 20000)
                {
                    _output.AppendLine(line);
                }
            }
        }

        private string Output()
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }

        private static string? FindMotoServer()
        {
            return FindOnPath("moto_server")
                   ?? new[] { Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv", "shims", "moto_server") }
                       .FirstOrDefault(File.Exists);
        }

        internal static string? FindOnPath(string name)
        {
            foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
            {
                if (directory.Length == 0)
                {
                    continue;
                }

                string candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        internal static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }

    /// <summary>Environments for the resolver: only what a test puts in, plus metadata always off.</summary>
    public static class TestEnvironment
    {
        public static readonly Func<string, string?> Empty = From(new Dictionary<string, string>());

        public static Func<string, string?> From(IDictionary<string, string> variables)
        {
            var copy = new Dictionary<string, string>(variables, StringComparer.Ordinal)
            {
                ["AWS_EC2_METADATA_DISABLED"] = "true",
            };
            return name => copy.TryGetValue(name, out string? value) ? value : null;
        }
    }
}
