using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace CloudTrailIamTools.Core.Aws
{
    /// <summary>
    /// Works out credentials, region and endpoint the way AWS.Tools does (and the AWS CLI for the CLI), using the
    /// SDK's credential types and profile store. Fails before any call with a message that names the fix.
    /// </summary>
    public sealed class AwsConnectionResolver
    {
        /// <summary>Where credentials can come from, naming the running front end's own parameters.</summary>
        internal static string NoCredentialsFix(AwsParameterStyle style)
        {
            var names = new ParameterNames(style);
            return (style == AwsParameterStyle.Cli
                    ? $"Pass {names.Profile}; "
                    : $"Pass {names.Profile}, {names.AccessKey}/{names.SecretKey}, or {names.Credential}; run Set-AWSCredential for the session; ") +
                "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE); or create a 'default' profile with 'aws configure'.";
        }

        private static readonly Regex RegionShape = new Regex("^[a-z]{2}(-[a-z0-9]+)+-[0-9]+$", RegexOptions.CultureInvariant);

        private static readonly AwsService[] AllServices = { AwsService.Sts, AwsService.Iam, AwsService.CloudTrail, AwsService.Organizations };

        private static readonly string[] SsoAssemblies = { "AWSSDK.SSO", "AWSSDK.SSOOIDC" };

        private readonly Func<string, string?> _environment;
        private readonly Func<string, bool> _assemblyAvailable;

        /// <summary>Reads the process environment.</summary>
        public AwsConnectionResolver()
            : this(name => Environment.GetEnvironmentVariable(name))
        {
        }

        /// <summary>Reads environment variables through <paramref name="environment"/> (tests, hosts with their own environment).</summary>
        public AwsConnectionResolver(Func<string, string?> environment)
            : this(environment, SdkAssemblyAvailable)
        {
        }

        /// <summary>Also asks <paramref name="assemblyAvailable"/> whether an SDK assembly can be loaded (tests).</summary>
        internal AwsConnectionResolver(Func<string, string?> environment, Func<string, bool> assemblyAvailable)
        {
            _environment = environment ?? throw new ArgumentNullException(nameof(environment));
            _assemblyAvailable = assemblyAvailable ?? throw new ArgumentNullException(nameof(assemblyAvailable));
        }

        public ResolvedAwsConnection Resolve(AwsConnectionOptions options)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            var names = new ParameterNames(options.ParameterStyle);
            CredentialProfile? profileUsed;
            var credentials = ResolveCredentials(options, names, out AwsCredentialSource credentialSource, out string credentialDetail, out profileUsed);
            RejectExpired(credentials, credentialDetail, options.ParameterStyle);
            CredentialProfile? regionProfile = profileUsed ?? TryDefaultProfile(options.ProfileLocation);
            string region = ResolveRegion(options, names, regionProfile, out AwsRegionSource regionSource, out string regionDetail);
            var endpoints = ResolveEndpoints(options, names, regionProfile);
            var retry = ResolveRetry(regionProfile);
            TimeSpan? timeout = ValidateTimeout(options.Timeout, names);
            return new ResolvedAwsConnection(credentials, credentialSource, credentialDetail, region, regionSource, regionDetail, endpoints)
            {
                ParameterStyle = options.ParameterStyle,
                Timeout = timeout ?? ResolvedAwsConnection.DefaultTimeout,
                TimeoutDetail = timeout == null ? "the default" : "the " + names.Timeout + " parameter",
                Retry = retry,
            };
        }

        private AWSCredentials ResolveCredentials(
            AwsConnectionOptions options, ParameterNames names, out AwsCredentialSource source, out string detail, out CredentialProfile? profile)
        {
            profile = null;
            bool hasAccessKey = !string.IsNullOrWhiteSpace(options.AccessKey);
            bool hasSecretKey = !string.IsNullOrWhiteSpace(options.SecretKey);
            if (hasAccessKey || hasSecretKey || !string.IsNullOrWhiteSpace(options.SessionToken))
            {
                if (!hasAccessKey || !hasSecretKey)
                {
                    throw new AwsConfigurationException(
                        $"{names.AccessKey} and {names.SecretKey} must be given together ({names.SessionToken} only adds to them). Pass both, or use {names.Profile} instead.",
                        AwsConfigurationProblem.IncompleteKeys);
                }

                source = AwsCredentialSource.AccessKeyParameters;
                detail = $"the {names.AccessKey}/{names.SecretKey}{(string.IsNullOrWhiteSpace(options.SessionToken) ? string.Empty : "/" + names.SessionToken)} parameters (access key {MaskAccessKey(options.AccessKey!)})";
                return string.IsNullOrWhiteSpace(options.SessionToken)
                    ? (AWSCredentials)new BasicAWSCredentials(options.AccessKey!.Trim(), options.SecretKey!.Trim())
                    : new SessionAWSCredentials(options.AccessKey!.Trim(), options.SecretKey!.Trim(), options.SessionToken!.Trim());
            }

            if (!string.IsNullOrWhiteSpace(options.ProfileName))
            {
                source = AwsCredentialSource.ProfileParameter;
                var credentials = FromProfile(options.ProfileName!.Trim(), options, names.Profile, out profile);
                detail = $"profile '{profile.Name}' in {DescribeLocation(options.ProfileLocation)} ({names.Profile})";
                return credentials;
            }

            if (options.Credentials != null)
            {
                source = AwsCredentialSource.CredentialParameter;
                detail = $"the {names.Credential} parameter ({options.Credentials.GetType().Name})";
                return options.Credentials;
            }

            if (options.StoredCredentials != null)
            {
                source = AwsCredentialSource.StoredSessionCredentials;
                detail = "the session's stored credentials (Set-AWSCredential, $StoredAWSCredentials" +
                         (string.IsNullOrWhiteSpace(options.StoredCredentialsName) ? ")" : $", from '{options.StoredCredentialsName}')");
                return options.StoredCredentials;
            }

            string? environmentAccessKey = Env("AWS_ACCESS_KEY_ID") ?? Env("AWS_ACCESS_KEY");
            string? environmentSecretKey = Env("AWS_SECRET_ACCESS_KEY") ?? Env("AWS_SECRET_KEY");
            if (environmentAccessKey != null && environmentSecretKey != null)
            {
                string? token = Env("AWS_SESSION_TOKEN");
                source = AwsCredentialSource.EnvironmentVariables;
                detail = $"environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY{(token == null ? string.Empty : "/AWS_SESSION_TOKEN")} (access key {MaskAccessKey(environmentAccessKey)})";
                return token == null
                    ? (AWSCredentials)new BasicAWSCredentials(environmentAccessKey, environmentSecretKey)
                    : new SessionAWSCredentials(environmentAccessKey, environmentSecretKey, token);
            }

            string? environmentProfile = Env("AWS_PROFILE");
            if (environmentProfile != null)
            {
                source = AwsCredentialSource.DefaultProfile;
                var credentials = FromProfile(environmentProfile, options, "AWS_PROFILE", out profile);
                detail = $"profile '{profile.Name}' in {DescribeLocation(options.ProfileLocation)} (AWS_PROFILE)";
                return credentials;
            }

            var chain = ProfileStore(options.ProfileLocation);
            if (chain.TryGetProfile(SharedCredentialsFile.DefaultProfileName, out CredentialProfile defaultProfile)
                && RequireSsoSupport(defaultProfile, options.ProfileLocation, options.ParameterStyle)
                && TryGetCredentials(chain, defaultProfile, options.ProfileLocation, options.ParameterStyle, out AWSCredentials defaultCredentials))
            {
                profile = defaultProfile;
                source = AwsCredentialSource.DefaultProfile;
                detail = $"the 'default' profile in {DescribeLocation(options.ProfileLocation)}";
                return defaultCredentials;
            }

            if (Env("AWS_WEB_IDENTITY_TOKEN_FILE") != null && Env("AWS_ROLE_ARN") != null)
            {
                source = AwsCredentialSource.WebIdentityToken;
                detail = "the web identity token in AWS_WEB_IDENTITY_TOKEN_FILE for AWS_ROLE_ARN";
                return new AssumeRoleWithWebIdentityCredentials(Env("AWS_WEB_IDENTITY_TOKEN_FILE"), Env("AWS_ROLE_ARN"), Env("AWS_ROLE_SESSION_NAME"));
            }

            if (Env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != null || Env("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null)
            {
                source = AwsCredentialSource.ContainerCredentials;
                detail = "the container credentials endpoint (AWS_CONTAINER_CREDENTIALS_*)";
                return new GenericContainerCredentials();
            }

            if (!string.Equals(Env("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase))
            {
                source = AwsCredentialSource.InstanceProfile;
                detail = "the EC2 instance profile (instance metadata)";
                return new InstanceProfileAWSCredentials();
            }

            throw new AwsConfigurationException(
                "No credentials specified or obtained from persisted/shell defaults (instance metadata is off: AWS_EC2_METADATA_DISABLED=true). " + NoCredentialsFix(options.ParameterStyle),
                AwsConfigurationProblem.NoCredentials);
        }

        /// <summary>Credentials that cannot refresh themselves and say they have run out fail here, before any call.</summary>
        private static void RejectExpired(AWSCredentials credentials, string source, AwsParameterStyle style)
        {
            if (credentials is RefreshingAWSCredentials || credentials.Expiration is not DateTime expiration)
            {
                return;
            }

            if (expiration.ToUniversalTime() <= DateTime.UtcNow)
            {
                throw new AwsConfigurationException(
                    $"The credentials from {source} expired at {expiration.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC. " + Runtime.AwsErrorTranslator.ExpiredTokenFix(style),
                    AwsConfigurationProblem.ExpiredCredentials);
            }
        }

        private AWSCredentials FromProfile(string profileName, AwsConnectionOptions options, string origin, out CredentialProfile profile)
        {
            string? location = options.ProfileLocation;
            var chain = ProfileStore(location);
            if (!chain.TryGetProfile(profileName, out profile))
            {
                throw new AwsConfigurationException(
                    $"The profile '{profileName}' (from {origin}) was not found in {DescribeLocation(location)}. " +
                    $"Check the name, create it with 'aws configure --profile {profileName}' or Set-AWSCredential -StoreAs {profileName}" +
                    (location != null ? ", or fix the file path."
                        : options.ParameterStyle == AwsParameterStyle.Cli
                            ? ", or point AWS_SHARED_CREDENTIALS_FILE or AWS_CONFIG_FILE at the file that has it."
                            : ", or point " + OptionNames.ProfileLocation.SpelledFor(options.ParameterStyle) + " at the file that has it."),
                    AwsConfigurationProblem.ProfileNotFound);
            }

            RequireSsoSupport(profile, location, options.ParameterStyle);
            if (!TryGetCredentials(chain, profile, location, options.ParameterStyle, out AWSCredentials credentials))
            {
                throw new AwsConfigurationException(
                    $"The profile '{profileName}' in {DescribeLocation(location)} has no usable credentials (no keys, role, SSO or process settings this SDK can use). " +
                    $"Add aws_access_key_id/aws_secret_access_key or a role_arn/source_profile to it, or choose another profile.",
                    AwsConfigurationProblem.ProfileWithoutCredentials);
            }

            return credentials;
        }

        /// <summary>
        /// An IAM Identity Center (sso_*) profile needs AWSSDK.SSO and AWSSDK.SSOOIDC at run time; the SDK loads them by
        /// name and otherwise fails with "Assembly ... could not be found". Say which pieces to install instead.
        /// </summary>
        private bool RequireSsoSupport(CredentialProfile profile, string? location, AwsParameterStyle style)
        {
            bool sso = !string.IsNullOrWhiteSpace(profile.Options.SsoStartUrl) || !string.IsNullOrWhiteSpace(profile.Options.SsoSession);
            if (!sso)
            {
                return true;
            }

            var missing = new List<string>();
            foreach (string assembly in SsoAssemblies)
            {
                if (!_assemblyAvailable(assembly))
                {
                    missing.Add(assembly);
                }
            }

            if (missing.Count > 0)
            {
                throw SsoSupportMissing(profile.Name, location, style, missing, null);
            }

            return true;
        }

        private static bool TryGetCredentials(CredentialProfileStoreChain chain, CredentialProfile profile, string? location, AwsParameterStyle style, out AWSCredentials credentials)
        {
            try
            {
                return chain.TryGetAWSCredentials(profile.Name, out credentials);
            }
            catch (InvalidOperationException ex) when (ex.Message.IndexOf("AWSSDK.SSO", StringComparison.Ordinal) >= 0)
            {
                var missing = new List<string>();
                foreach (string assembly in SsoAssemblies)
                {
                    if (ex.Message.IndexOf(assembly + " ", StringComparison.Ordinal) >= 0)
                    {
                        missing.Add(assembly);
                    }
                }

                throw SsoSupportMissing(profile.Name, location, style, missing.Count == 0 ? new List<string>(SsoAssemblies) : missing, ex);
            }
        }

        private static AwsConfigurationException SsoSupportMissing(string profileName, string? location, AwsParameterStyle style, List<string> missing, Exception? inner)
        {
            string fix = style == AwsParameterStyle.Cli
                ? $"This installation of the tool lacks {string.Join(" and ", missing)}, which it ships; reinstall it."
                : $"Install and import the AWS.Tools modules that carry them: Install-Module AWS.Tools.SSO, AWS.Tools.SSOOIDC, then " +
                  "Import-Module AWS.Tools.SSO, AWS.Tools.SSOOIDC before running this command again (AWS.Tools.Installer users: Install-AWSToolsModule AWS.Tools.SSO, AWS.Tools.SSOOIDC).";
            return new AwsConfigurationException(
                $"The profile '{profileName}' in {DescribeLocation(location)} signs in through IAM Identity Center (sso_* settings), which needs {string.Join(" and ", missing)} loaded. {fix}",
                AwsConfigurationProblem.SsoSupportMissing,
                inner);
        }

        /// <summary>As the SDK finds them: an assembly already loaded in the process, else one the loader can find by name.</summary>
        private static bool SdkAssemblyAvailable(string name)
        {
            foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (string.Equals(loaded.GetName().Name, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            try
            {
                return System.Reflection.Assembly.Load(new System.Reflection.AssemblyName(name)) != null;
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is BadImageFormatException || ex is System.IO.FileNotFoundException)
            {
                return false;
            }
        }

        private CredentialProfile? TryDefaultProfile(string? location)
        {
            string name = Env("AWS_PROFILE") ?? SharedCredentialsFile.DefaultProfileName;
            return ProfileStore(location).TryGetProfile(name, out CredentialProfile profile) ? profile : null;
        }

        private string ResolveRegion(
            AwsConnectionOptions options, ParameterNames names, CredentialProfile? profile, out AwsRegionSource source, out string detail)
        {
            var candidates = new List<(string? Value, AwsRegionSource Source, string Detail)>
            {
                (options.Region, AwsRegionSource.RegionParameter, $"the {names.Region} parameter"),
            };
            var stored = (options.StoredRegion, AwsRegionSource.StoredSessionRegion, "the session's default region (Set-DefaultAWSRegion, $StoredAWSRegion)");
            var fromProfile = (profile?.Region?.SystemName, AwsRegionSource.Profile, $"profile '{profile?.Name}'");
            var fromRegion = (Env("AWS_REGION"), AwsRegionSource.EnvironmentVariable, "environment variable AWS_REGION");
            var fromDefaultRegion = (Env("AWS_DEFAULT_REGION"), AwsRegionSource.EnvironmentVariable, "environment variable AWS_DEFAULT_REGION");
            if (options.ParameterStyle == AwsParameterStyle.Cli)
            {
                candidates.Add(fromRegion);
                candidates.Add(fromDefaultRegion);
                candidates.Add(fromProfile);
            }
            else
            {
                candidates.Add(stored);
                candidates.Add(fromProfile);
                candidates.Add(fromRegion);
                candidates.Add(fromDefaultRegion);
            }

            foreach (var candidate in candidates)
            {
                if (string.IsNullOrWhiteSpace(candidate.Value))
                {
                    continue;
                }

                string region = candidate.Value!.Trim().ToLowerInvariant();
                if (!RegionShape.IsMatch(region))
                {
                    throw new AwsConfigurationException(
                        $"'{candidate.Value}' from {candidate.Detail} is not an AWS region name; use a code such as us-east-1 or eu-west-1.",
                        AwsConfigurationProblem.InvalidRegion);
                }

                source = candidate.Source;
                detail = candidate.Detail;
                return region;
            }

            throw new AwsConfigurationException(
                "No region specified or obtained from persisted/shell defaults. " +
                (options.ParameterStyle == AwsParameterStyle.Cli
                    ? "Pass " + OptionNames.Region.SpelledFor(options.ParameterStyle) + ", set AWS_REGION, or add 'region' to the profile ('aws configure set region us-east-1')."
                    : "Pass " + OptionNames.Region.SpelledFor(options.ParameterStyle) + ", run Set-DefaultAWSRegion, set AWS_REGION, or add 'region' to the profile."),
                AwsConfigurationProblem.NoRegion);
        }

        private Dictionary<AwsService, (string Url, AwsEndpointSource Source, string Detail)> ResolveEndpoints(
            AwsConnectionOptions options, ParameterNames names, CredentialProfile? profile)
        {
            var endpoints = new Dictionary<AwsService, (string, AwsEndpointSource, string)>();
            if (!string.IsNullOrWhiteSpace(options.EndpointUrl))
            {
                string url = ValidateEndpoint(options.EndpointUrl!, $"the {names.EndpointUrl} parameter");
                foreach (var service in AllServices)
                {
                    endpoints[service] = (url, AwsEndpointSource.EndpointUrlParameter, $"the {names.EndpointUrl} parameter");
                }

                return endpoints;
            }

            if (string.Equals(Env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase))
            {
                return endpoints;
            }

            string? global = Env("AWS_ENDPOINT_URL");
            foreach (var service in AllServices)
            {
                string variable = "AWS_ENDPOINT_URL_" + ServiceIdFor(service).ToUpperInvariant();
                string? specific = Env(variable);
                if (specific != null)
                {
                    endpoints[service] = (ValidateEndpoint(specific, variable), AwsEndpointSource.ServiceEnvironmentVariable, "environment variable " + variable);
                }
                else if (global != null)
                {
                    endpoints[service] = (ValidateEndpoint(global, "AWS_ENDPOINT_URL"), AwsEndpointSource.EnvironmentVariable, "environment variable AWS_ENDPOINT_URL");
                }
                else if (!string.IsNullOrWhiteSpace(profile?.EndpointUrl))
                {
                    endpoints[service] = (ValidateEndpoint(profile!.EndpointUrl, $"profile '{profile.Name}'"), AwsEndpointSource.Profile, $"endpoint_url in profile '{profile.Name}'");
                }
            }

            return endpoints;
        }

        /// <summary>
        /// The SDK's standard retry settings: AWS_MAX_ATTEMPTS / AWS_RETRY_MODE first, then max_attempts / retry_mode of
        /// the profile in use (the one chosen by name, not only AWS_PROFILE's, which is all the SDK itself reads).
        /// </summary>
        private AwsRetrySettings ResolveRetry(CredentialProfile? profile)
        {
            int? maxAttempts = null;
            var attemptsSource = AwsRetrySettingSource.Default;
            string? attemptsDetail = null;
            string? attemptsText = Env("AWS_MAX_ATTEMPTS");
            if (attemptsText != null)
            {
                if (!int.TryParse(attemptsText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int parsed) || parsed < 1)
                {
                    throw new AwsConfigurationException(
                        $"Environment variable AWS_MAX_ATTEMPTS is '{attemptsText}': give a whole number of attempts, 1 or more (1 means no retries).",
                        AwsConfigurationProblem.InvalidRetrySetting);
                }

                maxAttempts = parsed;
                attemptsSource = AwsRetrySettingSource.EnvironmentVariable;
                attemptsDetail = "environment variable AWS_MAX_ATTEMPTS";
            }
            else if (profile?.MaxAttempts is int fromProfile)
            {
                if (fromProfile < 1)
                {
                    throw new AwsConfigurationException(
                        $"max_attempts in profile '{profile.Name}' is {fromProfile}: give a whole number of attempts, 1 or more (1 means no retries).",
                        AwsConfigurationProblem.InvalidRetrySetting);
                }

                maxAttempts = fromProfile;
                attemptsSource = AwsRetrySettingSource.Profile;
                attemptsDetail = $"max_attempts in profile '{profile.Name}'";
            }

            Amazon.Runtime.RequestRetryMode? mode = null;
            var modeSource = AwsRetrySettingSource.Default;
            string? modeDetail = null;
            string? modeText = Env("AWS_RETRY_MODE");
            if (modeText != null)
            {
                mode = ParseRetryMode(modeText)
                       ?? throw new AwsConfigurationException(
                           $"Environment variable AWS_RETRY_MODE is '{modeText}': use standard or adaptive (legacy is read as standard).",
                           AwsConfigurationProblem.InvalidRetrySetting);
                modeSource = AwsRetrySettingSource.EnvironmentVariable;
                modeDetail = "environment variable AWS_RETRY_MODE";
            }
            else if (profile?.RetryMode is Amazon.Runtime.RequestRetryMode fromProfile)
            {
                mode = fromProfile;
                modeSource = AwsRetrySettingSource.Profile;
                modeDetail = $"retry_mode in profile '{profile.Name}'";
            }

            return new AwsRetrySettings(maxAttempts, attemptsSource, attemptsDetail, mode, modeSource, modeDetail);
        }

        private static Amazon.Runtime.RequestRetryMode? ParseRetryMode(string text)
        {
            switch (text.Trim().ToLowerInvariant())
            {
                case "standard":
                case "legacy":
                    // SDK v4 has no legacy mode; the AWS CLI still accepts the word, so read it as its successor.
                    return Amazon.Runtime.RequestRetryMode.Standard;
                case "adaptive":
                    return Amazon.Runtime.RequestRetryMode.Adaptive;
                default:
                    return null;
            }
        }

        private static TimeSpan? ValidateTimeout(TimeSpan? timeout, ParameterNames names)
        {
            if (timeout == null)
            {
                return null;
            }

            if (timeout.Value <= TimeSpan.Zero || timeout.Value > ResolvedAwsConnection.MaxTimeout)
            {
                throw new AwsConfigurationException(
                    $"{names.Timeout} must be between 1 and {(int)ResolvedAwsConnection.MaxTimeout.TotalSeconds} seconds; {timeout.Value.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} was given.",
                    AwsConfigurationProblem.InvalidTimeout);
            }

            return timeout;
        }

        internal static string ServiceIdFor(AwsService service)
        {
            return service == AwsService.Sts ? "STS" : Runtime.AwsServiceDefinition.For(service).ServiceId;
        }

        private static string ValidateEndpoint(string value, string origin)
        {
            string trimmed = value.Trim();
            if (!Uri.TryCreate(trimmed, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new AwsConfigurationException(
                    $"'{value}' from {origin} is not an absolute http(s) URL; give one such as https://iam.amazonaws.com or http://127.0.0.1:5000.",
                    AwsConfigurationProblem.InvalidEndpointUrl);
            }

            return trimmed;
        }

        private static CredentialProfileStoreChain ProfileStore(string? location)
        {
            return string.IsNullOrWhiteSpace(location) ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(location);
        }

        private static string DescribeLocation(string? location)
        {
            return string.IsNullOrWhiteSpace(location) ? "the shared credentials/config files and the SDK credential store" : $"'{location}'";
        }

        /// <summary>Shows where a key came from without revealing it: the prefix says its kind (AKIA long-term, ASIA temporary).</summary>
        internal static string MaskAccessKey(string accessKey)
        {
            string trimmed = accessKey.Trim();
            return trimmed.Length <= 8 ? new string('*', trimmed.Length) : trimmed.Substring(0, 4) + new string('*', trimmed.Length - 8) + trimmed.Substring(trimmed.Length - 4);
        }

        private string? Env(string name)
        {
            string? value = _environment(name);
            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        }

        /// <summary>The option that sets the per-attempt timeout, as the surface spells it.</summary>
        internal static string TimeoutName(AwsParameterStyle style) => OptionNames.TimeoutSec.SpelledFor(style);

        private sealed class ParameterNames
        {
            public ParameterNames(AwsParameterStyle style)
            {
                // The CLI takes keys only from the environment, as the AWS CLI does; the module has parameters for them.
                bool cli = style == AwsParameterStyle.Cli;
                Profile = OptionNames.ProfileName.SpelledFor(style);
                AccessKey = cli ? "AWS_ACCESS_KEY_ID" : OptionNames.AccessKey.SpelledFor(style);
                SecretKey = cli ? "AWS_SECRET_ACCESS_KEY" : OptionNames.SecretKey.SpelledFor(style);
                SessionToken = cli ? "AWS_SESSION_TOKEN" : OptionNames.SessionToken.SpelledFor(style);
                Credential = cli ? "credentials" : OptionNames.Credential.SpelledFor(style);
                Region = OptionNames.Region.SpelledFor(style);
                EndpointUrl = OptionNames.EndpointUrl.SpelledFor(style);
                Timeout = TimeoutName(style);
            }

            public string Timeout { get; }

            public string Profile { get; }

            public string AccessKey { get; }

            public string SecretKey { get; }

            public string SessionToken { get; }

            public string Credential { get; }

            public string Region { get; }

            public string EndpointUrl { get; }
        }
    }
}
