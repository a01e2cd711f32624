using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Aws;

namespace CloudTrailIamTools.IntegrationTests
{
    /// <summary>
    /// The IAM, CloudTrail and Organizations clients stand behind narrow interfaces, so an adapter over the SDK's own
    /// service client can replace ours without touching what uses them.
    /// </summary>
    public sealed class ClientInterfaceTests
    {
        private static readonly Type[] ConcreteClients = { typeof(IamClient), typeof(CloudTrailClient), typeof(OrganizationsClient) };

        [Fact]
        public void NothingOutsideTheAwsFolderTakesAConcreteClient()
        {
            var offenders = new List<string>();
            foreach (Type type in typeof(IIamApi).Assembly.GetExportedTypes())
            {
                if (type.Namespace == "CloudTrailIamTools.Core.Aws" || ConcreteClients.Contains(type))
                {
                    continue;
                }

                foreach (MethodBase member in type.GetConstructors().Cast<MethodBase>().Concat(type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)))
                {
                    offenders.AddRange(member.GetParameters().Where(p => ConcreteClients.Contains(p.ParameterType)).Select(p => $"{type.Name}.{member.Name}({p.Name})"));
                }
            }

            Assert.Empty(offenders);
        }

        [Theory]
        [InlineData(typeof(IamClient), typeof(IIamApi))]
        [InlineData(typeof(CloudTrailClient), typeof(ICloudTrailApi))]
        [InlineData(typeof(OrganizationsClient), typeof(IOrganizationsApi))]
        public void EachClientImplementsItsInterface(Type client, Type api)
        {
            Assert.True(api.IsAssignableFrom(client));
            Assert.True(api.IsInterface);
        }

        [Fact]
        public async Task AnAdapterWithOnlyTheOnePageCallGetsPagingNextTokenAndMaxEvents()
        {
            var adapter = new InMemoryCloudTrail(pages: 4, eventsPerPage: 3);

            CloudTrailEventPages pages = adapter.LookupEventPages(new CloudTrailLookupRequest { MaxEvents = 8 });
            var events = new List<CloudTrailEvent>();
            while (await pages.NextAsync() is IReadOnlyList<CloudTrailEvent> page)
            {
                events.AddRange(page);
            }

            Assert.Equal(8, events.Count);
            Assert.Equal(3, pages.PagesRead);
            Assert.Equal(new string?[] { null, "t1", "t2" }, adapter.TokensAsked);
        }

        /// <summary>What an adapter over AWSSDK.CloudTrail would be: the calls, nothing else.</summary>
        private sealed class InMemoryCloudTrail : ICloudTrailApi
        {
            private readonly int _pages;
            private readonly int _eventsPerPage;

            public InMemoryCloudTrail(int pages, int eventsPerPage)
            {
                _pages = pages;
                _eventsPerPage = eventsPerPage;
            }

            public List<string?> TokensAsked { get; } = new List<string?>();

            public Task<IReadOnlyList<CloudTrailTrail>> DescribeTrailsAsync(IEnumerable<string>? trailNames = null, bool includeShadowTrails = true, CancellationToken cancellationToken = default) =>
                throw new NotSupportedException();

            public Task<CloudTrailTrail> GetTrailAsync(string trailNameOrArn, CancellationToken cancellationToken = default) => throw new NotSupportedException();

            public Task<CloudTrailTrailStatus> GetTrailStatusAsync(string trailNameOrArn, CancellationToken cancellationToken = default) => throw new NotSupportedException();

            public Task RegisterOrganizationDelegatedAdminAsync(string memberAccountId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

            public Task<(IReadOnlyList<CloudTrailEvent> Events, string? NextToken)> LookupEventsPageAsync(
                CloudTrailLookupRequest lookup, string? nextToken, int limit, CancellationToken cancellationToken = default)
            {
                TokensAsked.Add(nextToken);
                int page = nextToken == null ? 0 : int.Parse(nextToken.Substring(1), System.Globalization.CultureInfo.InvariantCulture);
                var events = Enumerable.Range(0, Math.Min(limit, _eventsPerPage))
                    .Select(i => new CloudTrailEvent($"e{page}-{i}", "GetTrail", "cloudtrail.amazonaws.com", null, null, null, true, Array.Empty<CloudTrailEventResource>(), null))
                    .ToList();
                string? next = page + 1 < _pages ? "t" + (page + 1) : null;
                return Task.FromResult<(IReadOnlyList<CloudTrailEvent>, string?)>((events, next));
            }
        }
    }
}
