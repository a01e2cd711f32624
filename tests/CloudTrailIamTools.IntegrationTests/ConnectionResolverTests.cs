using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Amazon.Runtime;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.IntegrationTests.Infrastructure;

namespace CloudTrailIamTools.IntegrationTests
{
    [Collection(MotoCollection.Name)]
    public sealed class ConnectionResolverTests : IDisposable
    {
        private const string ProfileKey = "AKIAPROFILEKEY000001";
        private const string ProfileSecret = "profile-secret-value-never-printed";
        private const string EnvironmentKey = "AKIAENVIRONMENTKEY01";
        private const string EnvironmentSecret = "environment-secret-never-printed";

        private readonly MotoServerFixture _moto;
        private readonly string _directory;
        private readonly string _profileFile;
        private readonly string _emptyProfileFile;

        public ConnectionResolverTests(MotoServerFixture moto)
        {
            _moto = moto;
            _directory = Path.Combine(Path.GetTempPath(), "ctit-profiles-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_directory);
            _profileFile = Path.Combine(_directory, "credentials");
            File.WriteAllText(_profileFile, string.Join("\n",
                "[default]",
                "aws_access_key_id = AKIADEFAULTPROFILE01",
                "aws_secret_access_key = default-secret",
                "region = ap-southeast-2",
                "",
                "[dev]",
                $"aws_access_key_id = {ProfileKey}",
                $"aws_secret_access_key = {ProfileSecret}",
                "region = eu-west-1",
                "",
                "[regionless]",
                "aws_access_key_id = AKIAREGIONLESS000001",
                "aws_secret_access_key = regionless-secret",
                ""));
            _emptyProfileFile = Path.Combine(_directory, "empty");
            File.WriteAllText(_emptyProfileFile, string.Empty);
        }

        public void Dispose()
        {
            Directory.Delete(_directory, recursive: true);
        }

        private static ResolvedAwsConnection Resolve(AwsConnectionOptions options, Dictionary<string, string>? environment = null)
        {
            return new AwsConnectionResolver(TestEnvironment.From(environment ?? new Dictionary<string, string>())).Resolve(options);
        }

        [Fact]
        public async Task ExplicitKeysReachMotoAndTheDescriptionNamesTheSourceWithoutSecrets()
        {
            ResolvedAwsConnection connection = _moto.Connection();
            using var sts = connection.CreateStsClient(MotoServerFixture.FastSettings());

            CallerIdentity identity = await sts.GetCallerIdentityAsync();

            Assert.Equal(MotoServerFixture.AccountId, identity.Account);
            Assert.Equal(AwsCredentialSource.AccessKeyParameters, connection.CredentialSource);
            Assert.Equal(AwsRegionSource.RegionParameter, connection.RegionSource);
            string description = connection.Describe();
            Assert.Contains("-AccessKey/-SecretKey", description);
            Assert.Contains("AKIA************MPLE", description);
            Assert.Contains("Region us-east-1 from the -Region parameter", description);
            Assert.Contains(_moto.EndpointUrl, description);
            Assert.DoesNotContain(MotoServerFixture.SecretKey, description);
            Assert.DoesNotContain(MotoServerFixture.AccessKey, description);
        }

        [Fact]
        public async Task ProfileFromProfileLocationGivesCredentialsAndRegionAndWorksAgainstMoto()
        {
            ResolvedAwsConnection connection = Resolve(new AwsConnectionOptions
            {
                ProfileName = "dev",
                ProfileLocation = _profileFile,
                EndpointUrl = _moto.EndpointUrl,
            });
            using var iam = connection.CreateIamClient(MotoServerFixture.FastSettings());

            IamUser caller = await iam.GetUserAsync();

            Assert.StartsWith($"arn:aws:iam::{MotoServerFixture.AccountId}:", caller.Arn);
            Assert.Equal(AwsCredentialSource.ProfileParameter, connection.CredentialSource);
            Assert.Equal("eu-west-1", connection.Region);
            Assert.Equal(AwsRegionSource.Profile, connection.RegionSource);
            Assert.Equal(ProfileKey, connection.Credentials.GetCredentials().AccessKey);
            string description = connection.Describe();
            Assert.Contains("profile 'dev'", description);
            Assert.Contains(_profileFile, description);
            Assert.DoesNotContain(ProfileSecret, description);
            Assert.DoesNotContain(ProfileKey, description);
        }

        [Theory]
        [InlineData(AwsParameterStyle.PowerShell, "point -ProfileLocation at the file", "AWS_SHARED_CREDENTIALS_FILE")]
        [InlineData(AwsParameterStyle.Cli, "point AWS_SHARED_CREDENTIALS_FILE or AWS_CONFIG_FILE at the file", "ProfileLocation")]
        public void AnUnknownProfileInTheDefaultFilesNamesWhereTheFrontEndTakesAnotherFile(AwsParameterStyle style, string expected, string absent)
        {
            // The CLI has no -ProfileLocation: it reads the AWS CLI's variables for other files.
            var error = Assert.Throws<AwsConfigurationException>(() => Resolve(
                new AwsConnectionOptions { ProfileName = "cloudtrailiamtools-no-such-profile", Region = "us-east-1", ParameterStyle = style }));

            Assert.Equal(AwsConfigurationProblem.ProfileNotFound, error.Problem);
            Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), error.Message);
            Assert.DoesNotContain(absent, error.Message);
        }

        [Fact]
        public void UnknownProfileIsAnErrorEvenWhenOtherCredentialsExist()
        {
            var error = Assert.Throws<AwsConfigurationException>(() => Resolve(
                new AwsConnectionOptions { ProfileName = "missing", ProfileLocation = _profileFile, Region = "us-east-1" },
                new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = EnvironmentKey, ["AWS_SECRET_ACCESS_KEY"] = EnvironmentSecret }));

            Assert.Equal(AwsConfigurationProblem.ProfileNotFound, error.Problem);
            Assert.Contains("'missing'", error.Message);
            Assert.Contains("aws configure --profile missing", error.Message);
            Assert.IsAssignableFrom<CloudTrailIamToolsException>(error);
        }

        [Fact]
        public void UnknownAwsProfileVariableIsAnError()
        {
            var error = Assert.Throws<AwsConfigurationException>(() => Resolve(
                new AwsConnectionOptions { ProfileLocation = _profileFile, Region = "us-east-1" },
                new Dictionary<string, string> { ["AWS_PROFILE"] = "nope" }));

            Assert.Equal(AwsConfigurationProblem.ProfileNotFound, error.Problem);
            Assert.Contains("AWS_PROFILE", error.Message);
        }

        [Fact]
        public void NoRegionAnywhereIsAnErrorNamingTheFix()
        {
            var error = Assert.Throws<AwsConfigurationException>(() => Resolve(
                new AwsConnectionOptions { ProfileName = "regionless", ProfileLocation = _profileFile }));

            Assert.Equal(AwsConfigurationProblem.NoRegion, error.Problem);
            Assert.StartsWith("No region specified or obtained from persisted/shell defaults.", error.Message);
            Assert.Contains("Set-DefaultAWSRegion", error.Message);
        }

        [Fact]
        public void NoRegionForTheCliNamesTheCliFix()
        {
            var error = Assert.Throws<AwsConfigurationException>(() => Resolve(
                new AwsConnectionOptions { ProfileName = "regionless", ProfileLocation = _profileFile, ParameterStyle = AwsParameterStyle.Cli }));

            Assert.Contains("--region", error.Message);
            Assert.DoesNotContain("Set-DefaultAWSRegion", error.Message);
        }

        [Fact]
        public void NoCredentialsWithInstanceMetadataOffIsAnErrorNamingTheFix()
        {
            var error = Assert.Throws<AwsConfigurationException>(() => Resolve(
                new AwsConnectionOptions { ProfileLocation = _emptyProfileFile, Region = "us-east-1" }));

            Assert.Equal(AwsConfigurationProblem.NoCredentials, error.Problem);
            Assert.StartsWith("No credentials specified or obtained from persisted/shell defaults", error.Message);
            Assert.Contains("Set-AWSCredential", error.Message);
            Assert.Contains("AWS_EC2_METADATA_DISABLED", error.Message);
        }

        [Theory]
        [InlineData("AKIAONLYACCESSKEY001", null, null)]
        [InlineData(null, "only-secret", null)]
        [InlineData(null, null, "only-token")]
        public void IncompleteKeyParametersAreRejected(string? accessKey, string? secretKey, string? sessionToken)
        {
            var error = Assert.Throws<AwsConfigurationException>(() => Resolve(
                new AwsConnectionOptions { AccessKey = accessKey, SecretKey = secretKey, SessionToken = sessionToken, Region = "us-east-1" }));

            Assert.Equal(AwsConfigurationProblem.IncompleteKeys, error.Problem);
        }

        [Theory]
        [InlineData("us-east-1 ", "us-east-1")]
        [InlineData("EU-WEST-1", "eu-west-1")]
        [InlineData("us-gov-west-1", "us-gov-west-1")]
        public void RegionsAreNormalised(string given, string expected)
        {
            Assert.Equal(expected, Resolve(new AwsConnectionOptions { AccessKey = "AKIAX0000000000000001", SecretKey = "s", Region = given }).Region);
        }

        [Fact]
        public void ARegionThatIsNotARegionNameIsRejected()
        {
            var error = Assert.Throws<AwsConfigurationException>(() => Resolve(
                new AwsConnectionOptions { AccessKey = "AKIAX0000000000000001", SecretKey = "s", Region = "Frankfurt" }));

            Assert.Equal(AwsConfigurationProblem.InvalidRegion, error.Problem);
        }

        public static IEnumerable<object[]> CredentialOrderCases()
        {
            var credential = new BasicAWSCredentials("AKIACREDENTIALPARAM1", "credential-param-secret");
            var stored = new BasicAWSCredentials("AKIASTOREDSESSION001", "stored-secret");
            var environment = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = EnvironmentKey, ["AWS_SECRET_ACCESS_KEY"] = EnvironmentSecret };
            yield return new object[] { "keys beat everything", new AwsConnectionOptions { AccessKey = "AKIAKEYPARAMETER0001", SecretKey = "key-param-secret", ProfileName = "dev", Credentials = credential, StoredCredentials = stored }, environment, AwsCredentialSource.AccessKeyParameters, "AKIAKEYPARAMETER0001" };
            yield return new object[] { "profile beats -Credential", new AwsConnectionOptions { ProfileName = "dev", Credentials = credential, StoredCredentials = stored }, environment, AwsCredentialSource.ProfileParameter, ProfileKey };
            yield return new object[] { "-Credential beats stored", new AwsConnectionOptions { Credentials = credential, StoredCredentials = stored }, environment, AwsCredentialSource.CredentialParameter, "AKIACREDENTIALPARAM1" };
            yield return new object[] { "stored beats environment", new AwsConnectionOptions { StoredCredentials = stored, StoredCredentialsName = "work" }, environment, AwsCredentialSource.StoredSessionCredentials, "AKIASTOREDSESSION001" };
            yield return new object[] { "environment beats default profile", new AwsConnectionOptions(), environment, AwsCredentialSource.EnvironmentVariables, EnvironmentKey };
            yield return new object[] { "AWS_PROFILE picks a profile", new AwsConnectionOptions(), new Dictionary<string, string> { ["AWS_PROFILE"] = "dev" }, AwsCredentialSource.DefaultProfile, ProfileKey };
            yield return new object[] { "default profile last", new AwsConnectionOptions(), new Dictionary<string, string>(), AwsCredentialSource.DefaultProfile, "AKIADEFAULTPROFILE01" };
        }

        [Theory]
        [MemberData(nameof(CredentialOrderCases))]
        public void CredentialsFollowTheAwsToolsOrder(string because, AwsConnectionOptions options, Dictionary<string, string> environment, AwsCredentialSource expectedSource, string expectedAccessKey)
        {
            var withFile = new AwsConnectionOptions
            {
                AccessKey = options.AccessKey,
                SecretKey = options.SecretKey,
                ProfileName = options.ProfileName,
                ProfileLocation = _profileFile,
                Credentials = options.Credentials,
                StoredCredentials = options.StoredCredentials,
                StoredCredentialsName = options.StoredCredentialsName,
                Region = "us-east-1",
            };

            ResolvedAwsConnection connection = Resolve(withFile, environment);

            Assert.True(expectedSource == connection.CredentialSource, because);
            Assert.Equal(expectedAccessKey, connection.Credentials.GetCredentials().AccessKey);
            string description = connection.Describe();
            foreach (string secret in new[] { "key-param-secret", "credential-param-secret", "stored-secret", EnvironmentSecret, ProfileSecret, "default-secret" })
            {
                Assert.DoesNotContain(secret, description);
            }
        }

        [Fact]
        public void CredentialsThatSayTheyExpiredAreRejectedBeforeAnyCall()
        {
            var expired = new SessionAWSCredentials("ASIAEXPIREDKEY000001", "expired-secret", "expired-token") { Expiration = DateTime.UtcNow.AddMinutes(-5) };

            var error = Assert.Throws<AwsConfigurationException>(() => Resolve(new AwsConnectionOptions { StoredCredentials = expired, Region = "us-east-1" }));

            Assert.Equal(AwsConfigurationProblem.ExpiredCredentials, error.Problem);
            Assert.Contains("Set-AWSCredential", error.Message);
            Assert.DoesNotContain("expired-secret", error.Message);
            Assert.DoesNotContain("expired-token", error.Message);
        }

        [Fact]
        public void SessionTokenParameterMakesSessionCredentials()
        {
            ResolvedAwsConnection connection = Resolve(new AwsConnectionOptions { AccessKey = "ASIATEMPORARYKEY0001", SecretKey = "s", SessionToken = "token-value", Region = "us-east-1" });

            ImmutableCredentials credentials = connection.Credentials.GetCredentials();
            Assert.Equal("token-value", credentials.Token);
            Assert.Contains("-SessionToken", connection.Describe());
            Assert.DoesNotContain("token-value", connection.Describe());
        }

        [Theory]
        [InlineData(AwsParameterStyle.PowerShell, "eu-central-1", AwsRegionSource.StoredSessionRegion)]
        [InlineData(AwsParameterStyle.Cli, "sa-east-1", AwsRegionSource.EnvironmentVariable)]
        public void RegionOrderDependsOnTheSurface(AwsParameterStyle style, string expectedRegion, AwsRegionSource expectedSource)
        {
            ResolvedAwsConnection connection = Resolve(
                new AwsConnectionOptions { ProfileName = "dev", ProfileLocation = _profileFile, StoredRegion = "eu-central-1", ParameterStyle = style },
                new Dictionary<string, string> { ["AWS_REGION"] = "sa-east-1" });

            Assert.Equal(expectedRegion, connection.Region);
            Assert.Equal(expectedSource, connection.RegionSource);
        }

        [Fact]
        public void ProfileRegionComesBeforeEnvironmentInPowerShellAndEnvironmentFillsTheGap()
        {
            var env = new Dictionary<string, string> { ["AWS_DEFAULT_REGION"] = "ca-central-1" };
            Assert.Equal("eu-west-1", Resolve(new AwsConnectionOptions { ProfileName = "dev", ProfileLocation = _profileFile }, env).Region);
            ResolvedAwsConnection regionless = Resolve(new AwsConnectionOptions { ProfileName = "regionless", ProfileLocation = _profileFile }, env);
            Assert.Equal("ca-central-1", regionless.Region);
            Assert.Contains("AWS_DEFAULT_REGION", regionless.Describe());
        }

        [Fact]
        public void EndpointVariablesApplyPerServiceAndExplicitUrlWins()
        {
            var env = new Dictionary<string, string>
            {
                ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4000",
                ["AWS_ENDPOINT_URL_IAM"] = "http://127.0.0.1:4001",
            };
            var keys = new AwsConnectionOptions { AccessKey = "AKIAX0000000000000001", SecretKey = "s", Region = "us-east-1" };

            ResolvedAwsConnection fromEnvironment = Resolve(keys, env);
            Assert.Equal("http://127.0.0.1:4001", fromEnvironment.EndpointUrlFor(AwsService.Iam));
            Assert.Equal(AwsEndpointSource.ServiceEnvironmentVariable, fromEnvironment.EndpointSourceFor(AwsService.Iam));
            Assert.Equal("http://127.0.0.1:4000", fromEnvironment.EndpointUrlFor(AwsService.CloudTrail));
            Assert.Equal("http://127.0.0.1:4000", fromEnvironment.EndpointUrlFor(AwsService.Sts));
            Assert.Contains("AWS_ENDPOINT_URL_IAM", fromEnvironment.Describe());

            var explicitUrl = new AwsConnectionOptions { AccessKey = "AKIAX0000000000000001", SecretKey = "s", Region = "us-east-1", EndpointUrl = "http://127.0.0.1:4002" };
            Assert.Equal("http://127.0.0.1:4002", Resolve(explicitUrl, env).EndpointUrlFor(AwsService.Iam));

            env["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
            ResolvedAwsConnection ignored = Resolve(keys, env);
            Assert.Null(ignored.EndpointUrlFor(AwsService.Organizations));
            Assert.Contains("public AWS endpoints", ignored.Describe());
        }

        [Fact]
        public void MalformedEndpointUrlIsRejected()
        {
            var error = Assert.Throws<AwsConfigurationException>(() => Resolve(
                new AwsConnectionOptions { AccessKey = "AKIAX0000000000000001", SecretKey = "s", Region = "us-east-1", EndpointUrl = "localhost:5000" }));

            Assert.Equal(AwsConfigurationProblem.InvalidEndpointUrl, error.Problem);
        }

        [Fact]
        public async Task CliStyleEnvironmentOnlyConnectionReachesMotoThroughAwsEndpointUrl()
        {
            ResolvedAwsConnection connection = Resolve(
                new AwsConnectionOptions { ParameterStyle = AwsParameterStyle.Cli, ProfileLocation = _emptyProfileFile },
                new Dictionary<string, string>
                {
                    ["AWS_ACCESS_KEY_ID"] = EnvironmentKey,
                    ["AWS_SECRET_ACCESS_KEY"] = EnvironmentSecret,
                    ["AWS_REGION"] = "us-east-1",
                    ["AWS_ENDPOINT_URL"] = _moto.EndpointUrl,
                });
            using var sts = connection.CreateStsClient(MotoServerFixture.FastSettings());
            using var cloudTrail = connection.CreateCloudTrailClient(MotoServerFixture.FastSettings());

            Assert.Equal(MotoServerFixture.AccountId, (await sts.GetCallerIdentityAsync()).Account);
            Assert.NotNull(await cloudTrail.DescribeTrailsAsync());
            Assert.Equal(AwsCredentialSource.EnvironmentVariables, connection.CredentialSource);
            Assert.Contains("environment variable AWS_ENDPOINT_URL", connection.Describe());
        }

        [Fact]
        public void PublicEndpointsAreUsedWhenNothingOverridesThem()
        {
            ResolvedAwsConnection connection = Resolve(new AwsConnectionOptions { AccessKey = "AKIAX0000000000000001", SecretKey = "s", Region = "eu-west-1" });
            using var iam = connection.CreateIamClient();
            using var cloudTrail = connection.CreateCloudTrailClient();
            using var organizations = connection.CreateOrganizationsClient();

            Assert.Null(connection.EndpointUrlFor(AwsService.Iam));
            Assert.Equal("https://iam.amazonaws.com/", iam.Config.DetermineServiceOperationEndpoint(new Amazon.Runtime.Endpoints.ServiceOperationEndpointParameters(null)).URL.TrimEnd('/') + "/");
            Assert.Equal("https://cloudtrail.eu-west-1.amazonaws.com", cloudTrail.Config.DetermineServiceOperationEndpoint(new Amazon.Runtime.Endpoints.ServiceOperationEndpointParameters(null)).URL);
            Assert.Equal("https://organizations.us-east-1.amazonaws.com", organizations.Config.DetermineServiceOperationEndpoint(new Amazon.Runtime.Endpoints.ServiceOperationEndpointParameters(null)).URL);
        }
    }
}
