using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.IntegrationTests.Infrastructure;

namespace CloudTrailIamTools.IntegrationTests
{
    /// <summary>Tests that must change the process environment (HOME, AWS_CONFIG_FILE, ...): run alone, never beside another test.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class ProcessEnvironmentCollection
    {
        public const string Name = "process environment";
    }

    /// <summary>
    /// An IAM Identity Center profile as `aws sso login` leaves it: an sso-session in the config file and a cached token
    /// under ~/.aws/sso/cache. The SDK's SSO client reads the token, the portal stub hands out role credentials, and the
    /// STS stub checks that the call is signed with them.
    /// </summary>
    [Collection(ProcessEnvironmentCollection.Name)]
    public sealed class SsoProfileTests : IDisposable, IClassFixture<SsoProfileTests.HomeDirectory>
    {
        /// <summary>One home for the class, removed after its tests.</summary>
        public sealed class HomeDirectory : IDisposable
        {
            public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ctit-sso-" + Guid.NewGuid().ToString("N"));

            public void Dispose()
            {
                if (Directory.Exists(Path))
                {
                    Directory.Delete(Path, recursive: true);
                }
            }
        }

        private const string CachedToken = "cached-sso-access-token-from-aws-sso-login";
        private const string SessionToken = "session-token-from-the-sso-portal";
        private static readonly string[] Variables = { "HOME", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_ENDPOINT_URL_SSO", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION" };

        private readonly string _home;
        private readonly Dictionary<string, string?> _saved = new Dictionary<string, string?>();

        public SsoProfileTests(HomeDirectory home)
        {
            _home = home.Path;
            foreach (string name in Variables)
            {
                _saved[name] = Environment.GetEnvironmentVariable(name);
            }

            Directory.CreateDirectory(Path.Combine(_home, ".aws", "sso", "cache"));
        }

        public void Dispose()
        {
            foreach (var saved in _saved)
            {
                Environment.SetEnvironmentVariable(saved.Key, saved.Value);
            }
        }

        private string CredentialsFile => Path.Combine(_home, ".aws", "credentials");

        private void WriteSsoSetup(DateTime tokenExpiresAt)
        {
            string config = Path.Combine(_home, ".aws", "config");
            File.WriteAllText(config, string.Join("\n",
                "[profile corp-admin]",
                "sso_session = corp",
                "sso_account_id = 111122223333",
                "sso_role_name = CloudTrailAdmin",
                "region = eu-west-1",
                "",
                "[sso-session corp]",
                "sso_start_url = https://corp.awsapps.com/start",
                "sso_region = us-east-1",
                "sso_registration_scopes = sso:account:access",
                ""));
            string credentials = Path.Combine(_home, ".aws", "credentials");
            File.WriteAllText(credentials, string.Empty);

            // The cache file `aws sso login` writes: named by the SHA-1 of the session name.
            string name = Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes("corp"))).ToLowerInvariant() + ".json";
            File.WriteAllText(Path.Combine(_home, ".aws", "sso", "cache", name),
                "{\"startUrl\":\"https://corp.awsapps.com/start\",\"region\":\"us-east-1\",\"accessToken\":\"" + CachedToken + "\"," +
                "\"expiresAt\":\"" + tokenExpiresAt.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) + "\"}");

            // The SDK fixes its default file locations once per process, so the profile is found through the
            // credentials file's location (-ProfileLocation), whose sibling 'config' holds the SSO settings.
            Environment.SetEnvironmentVariable("HOME", _home);
            Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", null);
            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", null);
            Environment.SetEnvironmentVariable("AWS_PROFILE", null);
            Environment.SetEnvironmentVariable("AWS_REGION", null);
            Environment.SetEnvironmentVariable("AWS_DEFAULT_REGION", null);
        }

        private static AwsStubServer Portal() => new AwsStubServer(StubProtocol.RestBearer, "awsssoportal", "us-east-1", request =>
            request.Operation == "/federation/credentials"
                ? new StubResponse(200,
                    "{\"roleCredentials\":{\"accessKeyId\":\"" + AwsStubServer.AccessKey + "\",\"secretAccessKey\":\"" + AwsStubServer.SecretKey + "\"," +
                    "\"sessionToken\":\"" + SessionToken + "\",\"expiration\":" + DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() + "}}")
                : new StubResponse(404, "{\"message\":\"unknown path\"}"));

        private static AwsStubServer Sts() => new AwsStubServer(StubProtocol.Query, "sts", "eu-west-1", _ => new StubResponse(200,
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>" +
            "<Arn>arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_CloudTrailAdmin_0123456789abcdef/alice</Arn>" +
            "<UserId>AROAEXAMPLE:alice</UserId><Account>111122223333</Account></GetCallerIdentityResult>" +
            "<ResponseMetadata><RequestId>sso-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>"));

        [Fact]
        public async Task AnSsoProfileWithACachedTokenSignsItsCallsWithThePortalsRoleCredentials()
        {
            using var portal = Portal();
            using var sts = Sts();
            WriteSsoSetup(DateTime.UtcNow.AddHours(8));
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_SSO", portal.EndpointUrl);

            ResolvedAwsConnection connection = new AwsConnectionResolver(name => name == "AWS_EC2_METADATA_DISABLED" ? "true" : Environment.GetEnvironmentVariable(name))
                .Resolve(new AwsConnectionOptions { ProfileName = "corp-admin", ProfileLocation = CredentialsFile, EndpointUrl = sts.EndpointUrl, ParameterStyle = AwsParameterStyle.Cli });
            using StsClient client = connection.CreateStsClient();

            CallerIdentity caller = await client.GetCallerIdentityAsync();

            Assert.Equal("111122223333", caller.Account);
            Assert.Equal("eu-west-1", connection.Region);
            StubRequest portalCall = Assert.Single(portal.Requests);
            Assert.Equal(CachedToken, portalCall.Headers["x-amz-sso_bearer_token"]);
            Assert.Equal("111122223333", portalCall.Form["account_id"]);
            Assert.Equal("CloudTrailAdmin", portalCall.Form["role_name"]);
            StubRequest stsCall = Assert.Single(sts.Requests);
            Assert.Null(stsCall.SignatureProblem);
            Assert.Equal(SessionToken, stsCall.Headers["x-amz-security-token"]);
            Assert.Contains("profile 'corp-admin'", connection.Describe());
        }

        [Fact]
        public async Task AnExpiredSsoSignInSaysToSignInAgainWithoutAStackTrace()
        {
            using var portal = Portal();
            using var sts = Sts();
            WriteSsoSetup(DateTime.UtcNow.AddHours(-1));
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_SSO", portal.EndpointUrl);

            ResolvedAwsConnection connection = new AwsConnectionResolver(name => name == "AWS_EC2_METADATA_DISABLED" ? "true" : Environment.GetEnvironmentVariable(name))
                .Resolve(new AwsConnectionOptions { ProfileName = "corp-admin", ProfileLocation = CredentialsFile, EndpointUrl = sts.EndpointUrl, ParameterStyle = AwsParameterStyle.Cli });
            using StsClient client = connection.CreateStsClient();

            var error = await Assert.ThrowsAsync<AwsConfigurationException>(() => client.GetCallerIdentityAsync());

            Assert.Equal(AwsConfigurationProblem.ExpiredCredentials, error.Problem);
            Assert.Contains("aws sso login", error.Message);
            Assert.Contains("profile 'corp-admin'", error.Message);
            Assert.Empty(sts.Requests);
            Assert.DoesNotContain(portal.Requests, r => r.Operation == "/federation/credentials");
        }
    }
}
