using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>
    /// Amazon Athena SQL that asks the same question as a local scan, over the standard CloudTrail table (the one
    /// the CloudTrail console creates: useridentity, eventsource, eventname, errorcode, errormessage, eventtime as
    /// an ISO 8601 string, awsregion, resources, ...). Its ToString() is the SQL.
    /// </summary>
    public sealed class AthenaQuery
    {
        public const string DefaultTableName = "cloudtrail_logs";

        private AthenaQuery(string sql, string tableName, bool grouped)
        {
            Sql = sql;
            TableName = tableName;
            Grouped = grouped;
        }

        public string Sql { get; }

        public string TableName { get; }

        /// <summary>True for one row per principal and action; false for one row per event.</summary>
        public bool Grouped { get; }

        /// <summary>Builds the query; values are quoted and wildcards translated to LIKE with '\' as escape character.</summary>
        /// <exception cref="InvalidInputException">The table name is empty or malformed.</exception>
        public static AthenaQuery Create(AccessDeniedFilter? filter, string? tableName = DefaultTableName, bool grouped = true)
        {
            filter ??= AccessDeniedFilter.All;
            string table = string.IsNullOrWhiteSpace(tableName) ? DefaultTableName : tableName!.Trim();
            string quotedTable = QuoteTableName(table);
            string action = ActionExpression();
            var sql = new StringBuilder();
            sql.Append("-- Access denials (CloudTrailIamTools). Add your partition columns to the WHERE clause to scan less data.\n");
            if (grouped)
            {
                sql.Append("SELECT\n");
                sql.Append("    useridentity.arn AS principal_arn,\n");
                sql.Append("    ").Append(action).Append(" AS action,\n");
                sql.Append("    count(*) AS count,\n");
                sql.Append("    min(eventtime) AS first_seen,\n");
                sql.Append("    max(eventtime) AS last_seen,\n");
                sql.Append("    max_by(element_at(resources, 1).arn, eventtime) AS resource,\n");
                sql.Append("    max_by(errorcode, eventtime) AS error_code,\n");
                sql.Append("    max_by(errormessage, eventtime) AS error_message\n");
            }
            else
            {
                sql.Append("SELECT\n");
                sql.Append("    eventtime AS event_time,\n");
                sql.Append("    useridentity.arn AS principal_arn,\n");
                sql.Append("    ").Append(action).Append(" AS action,\n");
                sql.Append("    errorcode AS error_code,\n");
                sql.Append("    element_at(resources, 1).arn AS resource,\n");
                sql.Append("    awsregion AS region,\n");
                sql.Append("    recipientaccountid AS account_id,\n");
                sql.Append("    eventid AS event_id,\n");
                sql.Append("    errormessage AS error_message\n");
            }

            sql.Append("FROM ").Append(quotedTable).Append('\n');
            sql.Append("WHERE errorcode IN (").Append(string.Join(", ", KnownErrorCodes.AuthorizationCodeList.Select(Literal))).Append(")\n");
            if (filter.StartTime is DateTimeOffset start)
            {
                sql.Append("  AND eventtime >= ").Append(Literal(TimeText(start))).Append('\n');
            }

            if (filter.EndTime is DateTimeOffset end)
            {
                sql.Append("  AND eventtime <= ").Append(Literal(TimeText(end))).Append('\n');
            }

            if (filter.Principals.Count > 0)
            {
                // As locally: the pattern may match the ARN or the user or role name.
                string name = "coalesce(useridentity.sessioncontext.sessionissuer.username, useridentity.username)";
                sql.Append("  AND (").Append(string.Join(" OR ", filter.Principals.Select(p =>
                    Like("lower(useridentity.arn)", p) + " OR " + Like("lower(" + name + ")", p)))).Append(")\n");
            }

            if (filter.Actions.Count > 0)
            {
                sql.Append("  AND (").Append(string.Join(" OR ", filter.Actions.Select(p => Like("lower(" + action + ")", p)))).Append(")\n");
            }

            if (grouped)
            {
                sql.Append("GROUP BY 1, 2\n");
                sql.Append("ORDER BY count DESC, principal_arn, action");
            }
            else
            {
                sql.Append("ORDER BY eventtime");
            }

            return new AthenaQuery(sql.ToString(), table, grouped);
        }

        /// <summary>A SQL string literal: single quotes doubled.</summary>
        public static string Literal(string value) => "'" + value.Replace("'", "''") + "'";

        /// <summary>An IAM-style wildcard pattern ('*', '?') as a case-insensitive LIKE; LIKE's own '%', '_' and '\' are escaped.</summary>
        public static string Like(string column, string pattern)
        {
            var like = new StringBuilder(pattern.Length + 8);
            foreach (char c in pattern.ToLowerInvariant())
            {
                switch (c)
                {
                    case '*':
                        like.Append('%');
                        break;
                    case '?':
                        like.Append('_');
                        break;
                    case '%':
                    case '_':
                    case '\\':
                        like.Append('\\').Append(c);
                        break;
                    default:
                        like.Append(c);
                        break;
                }
            }

            return column + " LIKE " + Literal(like.ToString()) + " ESCAPE '\\'";
        }

        /// <summary>"db.table" or "table", each part in double quotes (embedded quotes doubled).</summary>
        public static string QuoteTableName(string tableName)
        {
            string[] parts = tableName.Split('.');
            if (parts.Length > 3 || parts.Any(part => part.Trim().Length == 0))
            {
                throw new InvalidInputException(
                    "The table name '" + tableName + "' is not valid: give table, database.table or catalog.database.table.", "TableName");
            }

            return string.Join(".", parts.Select(part => "\"" + part.Trim().Replace("\"", "\"\"") + "\""));
        }

        public override string ToString() => Sql;

        /// <summary>The action as the resolver reads it: from the message when AWS named it, else the event source's prefix and the event name.</summary>
        private static string ActionExpression()
        {
            var prefix = new StringBuilder("CASE eventsource");
            foreach (KeyValuePair<string, string> special in CloudTrailEventReader.ActionPrefixBySource.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                prefix.Append(" WHEN ").Append(Literal(special.Key)).Append(" THEN ").Append(Literal(special.Value));
            }

            prefix.Append(" ELSE split_part(eventsource, '.', 1) END");
            return "coalesce(regexp_extract(errormessage, 'perform: ([A-Za-z0-9-]+:[A-Za-z0-9*]+)', 1), concat(" + prefix + ", ':', eventname))";
        }

        private static string TimeText(DateTimeOffset time) =>
            time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
