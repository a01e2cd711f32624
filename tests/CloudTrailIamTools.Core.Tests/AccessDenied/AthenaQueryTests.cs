using System;
using CloudTrailIamTools.Core.AccessDenied;

namespace CloudTrailIamTools.Core.Tests.AccessDenied
{
    public sealed class AthenaQueryTests
    {
        [Fact]
        public void WithoutFiltersItGroupsEveryAuthorizationCodeByPrincipalAndAction()
        {
            AthenaQuery query = AthenaQuery.Create(null);

            Assert.Equal("cloudtrail_logs", query.TableName);
            Assert.True(query.Grouped);
            string sql = query.ToString();
            Assert.Contains("FROM \"cloudtrail_logs\"\n", sql);
            Assert.Contains("useridentity.arn AS principal_arn", sql);
            Assert.Contains("count(*) AS count", sql);
            Assert.Contains("min(eventtime) AS first_seen", sql);
            Assert.Contains("max(eventtime) AS last_seen", sql);
            Assert.Contains("max_by(element_at(resources, 1).arn, eventtime) AS resource", sql);
            Assert.Contains("WHERE errorcode IN ('AccessDenied', 'AccessDeniedException', ", sql);
            Assert.Contains("'Client.UnauthorizedOperation'", sql);
            Assert.Contains("'UnauthorizedOperation'", sql);
            Assert.Contains("regexp_extract(errormessage, 'perform: ([A-Za-z0-9-]+:[A-Za-z0-9*]+)', 1)", sql);
            Assert.Contains("WHEN 'monitoring.amazonaws.com' THEN 'cloudwatch'", sql);
            Assert.Contains("split_part(eventsource, '.', 1)", sql);
            Assert.Contains("GROUP BY 1, 2\nORDER BY count DESC, principal_arn, action", sql);
            Assert.DoesNotContain("eventtime >=", sql);
            Assert.DoesNotContain("LIKE", sql);
        }

        [Fact]
        public void FiltersBecomeWhereClauses()
        {
            var filter = new AccessDeniedFilter(
                principals: new[] { "*:user/alice", "Deployer" },
                actions: new[] { "cloudtrail:Get*" },
                startTime: new DateTimeOffset(2026, 11, 1, 2, 0, 0, TimeSpan.FromHours(2)),
                endTime: new DateTimeOffset(2026, 11, 20, 23, 59, 59, TimeSpan.Zero));

            string sql = AthenaQuery.Create(filter, "security.org_trail", grouped: true).Sql;

            Assert.Contains("FROM \"security\".\"org_trail\"\n", sql);
            Assert.Contains("  AND eventtime >= '2026-11-01T00:00:00Z'\n", sql);
            Assert.Contains("  AND eventtime <= '2026-11-20T23:59:59Z'\n", sql);
            Assert.Contains("  AND (lower(useridentity.arn) LIKE '%:user/alice' ESCAPE '\\' OR lower(coalesce(useridentity.sessioncontext.sessionissuer.username, useridentity.username)) LIKE '%:user/alice' ESCAPE '\\'" +
                " OR lower(useridentity.arn) LIKE 'deployer' ESCAPE '\\' OR ", sql);
            Assert.Contains("', eventname))) LIKE 'cloudtrail:get%' ESCAPE '\\')\n", sql);
        }

        [Fact]
        public void PerEventQueryListsEventsInTimeOrder()
        {
            string sql = AthenaQuery.Create(new AccessDeniedFilter(actions: new[] { "s3:*" }), grouped: false).Sql;

            Assert.Contains("eventtime AS event_time", sql);
            Assert.Contains("eventid AS event_id", sql);
            Assert.DoesNotContain("GROUP BY", sql);
            Assert.EndsWith("ORDER BY eventtime", sql);
        }

        [Theory]
        [InlineData("o'brien", "'o''brien'")]
        [InlineData("100%_\\x", "'100\\%\\_\\\\x'")]
        [InlineData("A?c*", "'a_c%'")]
        [InlineData("'; DROP TABLE x; --", "'''; drop table x; --'")]
        public void PatternsAreEscapedAndQuoted(string pattern, string literal)
        {
            Assert.Equal("col LIKE " + literal + " ESCAPE '\\'", AthenaQuery.Like("col", pattern));
        }

        [Theory]
        [InlineData("cloudtrail_logs", "\"cloudtrail_logs\"")]
        [InlineData("db.t", "\"db\".\"t\"")]
        [InlineData("AwsDataCatalog.db.t", "\"AwsDataCatalog\".\"db\".\"t\"")]
        [InlineData("we\"ird", "\"we\"\"ird\"")]
        public void TableNamesAreQuotedIdentifiers(string name, string quoted)
        {
            Assert.Equal(quoted, AthenaQuery.QuoteTableName(name));
        }

        [Theory]
        [InlineData("db.")]
        [InlineData(".t")]
        [InlineData("a.b.c.d")]
        public void MalformedTableNamesAreRejected(string name)
        {
            var error = Assert.Throws<InvalidInputException>(() => AthenaQuery.Create(null, name));
            Assert.Equal("TableName", error.Location);
        }

        [Fact]
        public void AnEmptyTableNameMeansTheDefault()
        {
            Assert.Equal(AthenaQuery.DefaultTableName, AthenaQuery.Create(null, " ").TableName);
        }
    }

    public sealed class AccessDeniedTimeTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

        [Theory]
        [InlineData("30m", 0, 30)]
        [InlineData("24h", 24, 0)]
        [InlineData("7d", 168, 0)]
        [InlineData("2w", 336, 0)]
        [InlineData("90S", 0, 1.5)]
        public void SpansCountBackFromNow(string text, double hours, double minutes)
        {
            Assert.Equal(Now - TimeSpan.FromHours(hours) - TimeSpan.FromMinutes(minutes), AccessDeniedTime.Parse(text, Now, "since"));
        }

        [Theory]
        [InlineData("2026-11-20T08:00:00Z", "2026-11-20T08:00:00+00:00")]
        [InlineData("2026-11-20", "2026-11-20T00:00:00+00:00")]
        [InlineData("2026-11-20T10:00:00+02:00", "2026-11-20T10:00:00+02:00")]
        public void IsoTimesWithoutAnOffsetAreUtc(string text, string expected)
        {
            Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), AccessDeniedTime.Parse(text, Now, "since"));
        }

        [Theory]
        [InlineData("yesterday")]
        [InlineData("")]
        [InlineData("-5d")]
        [InlineData("5y")]
        public void OtherTextIsRejectedNamingTheOption(string text)
        {
            var error = Assert.Throws<InvalidInputException>(() => AccessDeniedTime.Parse(text, Now, "--since"));
            Assert.Contains("--since", error.Message);
        }
    }
}
