using System;
using CloudTrailIamTools.Core.Arns;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>
    /// Reads the text of an access error: tool wrappers first (AWS CLI, .NET exception, PowerShell, XML error
    /// bodies), then AWS's message template. Every step is a bounded number of ordinal searches, so time stays
    /// linear in the input's length whatever it holds.
    /// </summary>
    internal static class AccessDeniedMessageParser
    {
        private const string NotAuthorizedPhrase = "is not authorized to ";
        private const string EncodedPhrase = "Encoded authorization failure message:";
        private const StringComparison Ordinal = StringComparison.Ordinal;
        private const StringComparison IgnoreCase = StringComparison.OrdinalIgnoreCase;

        public static void Parse(string text, DiagnosisDraft draft)
        {
            string message = UnwrapXmlError(text.Trim(), draft);
            message = Unwrap(message, draft);
            draft.Message = message.Length == 0 ? null : message;
            ParseMessage(message, draft);
        }

        /// <summary>Reads AWS's access-denied template (and its relatives) from an already unwrapped message.</summary>
        public static void ParseMessage(string message, DiagnosisDraft draft)
        {
            int encoded = message.IndexOf(EncodedPhrase, IgnoreCase);
            if (encoded >= 0)
            {
                draft.Kind = DiagnosisKind.EncodedAuthorizationFailure;
                string blob = TokenAt(message, SkipSpaces(message, encoded + EncodedPhrase.Length));
                draft.EncodedMessage = blob.Length == 0 ? null : blob;
                return;
            }

            int phrase = message.IndexOf(NotAuthorizedPhrase, Ordinal);
            if (phrase >= 0)
            {
                draft.Kind = DiagnosisKind.NotAuthorized;
                ReadPrincipal(message, phrase, draft);
                ReadActionAndContext(message, phrase + NotAuthorizedPhrase.Length, draft);
                return;
            }

            if (LooksLikeAccessDenied(message))
            {
                draft.Kind = DiagnosisKind.AccessDenied;
            }
        }

        private static bool LooksLikeAccessDenied(string message) =>
            message.IndexOf("access denied", IgnoreCase) >= 0 ||
            message.IndexOf("accessdenied", IgnoreCase) >= 0 ||
            message.IndexOf("do not have permission", IgnoreCase) >= 0 ||
            message.IndexOf("not authorized", IgnoreCase) >= 0 ||
            message.IndexOf("unauthorizedoperation", IgnoreCase) >= 0 ||
            message.IndexOf("403 forbidden", IgnoreCase) >= 0;

        /// <summary>Strips the wrappers tools put around the service message, recording what they say.</summary>
        private static string Unwrap(string text, DiagnosisDraft draft)
        {
            string message = CutPowerShellPosition(text);

            // A wrapper may wrap another (a PowerShell error around an exception's text); three layers is plenty.
            for (int layer = 0; layer < 3; layer++)
            {
                string unwrapped = UnwrapCli(message, draft) ?? UnwrapLeadingLabel(message, draft) ?? message;
                if (ReferenceEquals(unwrapped, message))
                {
                    break;
                }

                message = unwrapped.Trim();
            }

            return message;
        }

        /// <summary>AWS CLI: "An error occurred (Code) when calling the Op operation (reached max retries: 4): message".</summary>
        private static string? UnwrapCli(string message, DiagnosisDraft draft)
        {
            const string Prefix = "An error occurred (";
            int start = message.IndexOf(Prefix, Ordinal);
            if (start < 0 || start > 64)
            {
                return null;
            }

            int codeStart = start + Prefix.Length;
            int codeEnd = message.IndexOf(')', codeStart);
            if (codeEnd < 0)
            {
                return null;
            }

            SetErrorCode(draft, message.Substring(codeStart, codeEnd - codeStart));
            int rest = codeEnd + 1;
            const string Calling = " when calling the ";
            if (string.CompareOrdinal(message, rest, Calling, 0, Calling.Length) == 0)
            {
                int opStart = rest + Calling.Length;
                int opEnd = message.IndexOf(" operation", opStart, Ordinal);
                if (opEnd > opStart)
                {
                    draft.Operation = message.Substring(opStart, opEnd - opStart);
                    rest = opEnd + " operation".Length;
                }
            }

            // botocore adds " (reached max retries: N)" when retries ran out; its colon is not the separator.
            const string Retries = " (reached max retries:";
            if (string.CompareOrdinal(message, rest, Retries, 0, Retries.Length) == 0)
            {
                int close = message.IndexOf(')', rest);
                rest = close < 0 ? rest : close + 1;
            }

            int colon = message.IndexOf(':', rest);
            return colon < 0 ? string.Empty : message.Substring(colon + 1);
        }

        /// <summary>
        /// "Amazon.CloudTrail.Model.XyzException: message" (.NET) or "Get-CTTrailStatus: message" /
        /// "Get-CTTrailStatus : message" (PowerShell): a leading label with no spaces before a colon.
        /// </summary>
        private static string? UnwrapLeadingLabel(string message, DiagnosisDraft draft)
        {
            int colon = message.IndexOf(':');
            if (colon <= 0 || colon > 200)
            {
                return null;
            }

            string label = message.Substring(0, colon).TrimEnd();
            if (label.Length == 0 || label.IndexOf(' ') >= 0 || label.IndexOf('\t') >= 0)
            {
                return null;
            }

            if (label.EndsWith("Exception", Ordinal))
            {
                string typeName = label.Substring(label.LastIndexOf('.') + 1);
                if (!IsGenericExceptionName(typeName))
                {
                    SetErrorCode(draft, typeName);
                }

                return message.Substring(colon + 1);
            }

            if (IsCmdletName(label))
            {
                draft.Operation ??= label;
                return message.Substring(colon + 1);
            }

            return null;
        }

        /// <summary>XML error bodies (IAM, STS, S3, and moto for every service): take Code and Message.</summary>
        private static string UnwrapXmlError(string text, DiagnosisDraft draft)
        {
            if (text.Length == 0 || text[0] != '<')
            {
                return text;
            }

            string? code = XmlElement(text, "Code");
            string? message = XmlElement(text, "Message");
            if (code is not null)
            {
                SetErrorCode(draft, code);
            }

            return message is null ? text : DecodeXmlEntities(message);
        }

        private static string? XmlElement(string text, string name)
        {
            string open = "<" + name + ">";
            int start = text.IndexOf(open, Ordinal);
            if (start < 0)
            {
                return null;
            }

            start += open.Length;
            int end = text.IndexOf("</" + name + ">", start, Ordinal);
            return end < 0 ? null : text.Substring(start, end - start).Trim();
        }

        private static string DecodeXmlEntities(string value) =>
            value.IndexOf('&') < 0
                ? value
                : value.Replace("&quot;", "\"").Replace("&apos;", "'").Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&");

        /// <summary>Windows PowerShell appends "At line:1 char:1" and "+ CategoryInfo" lines; the message is what precedes them.</summary>
        private static string CutPowerShellPosition(string text)
        {
            int newline = text.IndexOf('\n');
            if (newline < 0)
            {
                return text;
            }

            int position = text.IndexOf("\nAt line:", Ordinal);
            if (position < 0)
            {
                position = text.IndexOf("\n+ ", Ordinal);
            }

            return position < 0 ? text : text.Substring(0, position).TrimEnd();
        }

        private static void ReadPrincipal(string message, int phrase, DiagnosisDraft draft)
        {
            int user = message.LastIndexOf("User: ", phrase, phrase + 1, Ordinal);
            string candidate;
            if (user >= 0)
            {
                candidate = message.Substring(user + "User: ".Length, phrase - user - "User: ".Length).Trim();
            }
            else
            {
                // "arn:aws:iam::1:user/x is not authorized ...": the principal is the word before the phrase.
                string before = message.Substring(0, phrase).TrimEnd();
                int space = before.LastIndexOf(' ');
                candidate = space < 0 ? before : before.Substring(space + 1);
            }

            candidate = candidate.Trim('"', '\'');
            if (candidate.Length > 0 && !candidate.Equals("You", IgnoreCase))
            {
                draft.Principal = PrincipalIdentity.Parse(candidate);
            }
        }

        private static void ReadActionAndContext(string message, int afterPhrase, DiagnosisDraft draft)
        {
            int cursor = afterPhrase;
            const string Perform = "perform: ";
            if (string.CompareOrdinal(message, cursor, Perform, 0, Perform.Length) == 0)
            {
                cursor = SkipSpaces(message, cursor + Perform.Length);
                string action = TrimPunctuation(TokenAt(message, cursor));
                cursor += action.Length;
                if (action.Equals("null", IgnoreCase))
                {
                    draft.ActionWrittenAsNull = true;
                }
                else if (action.Length > 0)
                {
                    draft.Action = action;
                }
            }

            int explicitDeny = message.IndexOf("with an explicit deny", cursor, IgnoreCase);
            int implicitDeny = message.IndexOf(" because no ", cursor, IgnoreCase);
            int contextStart = MinPositive(explicitDeny, implicitDeny);

            const string OnResource = " on resource: ";
            int resource = message.IndexOf(OnResource, cursor, Ordinal);
            if (resource >= 0 && (contextStart < 0 || resource < contextStart))
            {
                int start = resource + OnResource.Length;
                int end = contextStart < 0 ? message.Length : contextStart;
                draft.Resource = CleanResource(message.Substring(start, end - start));
            }

            if (explicitDeny >= 0 && (implicitDeny < 0 || explicitDeny < implicitDeny))
            {
                draft.DenialType = DenialType.Explicit;
                ReadExplicitContext(message, explicitDeny + "with an explicit deny".Length, draft);
            }
            else if (implicitDeny >= 0)
            {
                draft.DenialType = DenialType.Implicit;
                int typeStart = implicitDeny + " because no ".Length;
                int typeEnd = message.IndexOf(" allow", typeStart, IgnoreCase);
                if (typeEnd > typeStart)
                {
                    draft.PolicyType = PolicyTypeFromText(message.Substring(typeStart, typeEnd - typeStart));
                }
            }
        }

        /// <summary>"with an explicit deny in a/an/the TYPE[: policy-arn][ transitively through a TYPE]".</summary>
        private static void ReadExplicitContext(string message, int cursor, DiagnosisDraft draft)
        {
            const string In = " in ";
            if (string.CompareOrdinal(message, cursor, In, 0, In.Length) != 0)
            {
                return;
            }

            int typeStart = cursor + In.Length;
            int lineEnd = message.IndexOf('\n', typeStart);
            int end = lineEnd < 0 ? message.Length : lineEnd;

            const string Transitively = " transitively through ";
            int transitive = message.IndexOf(Transitively, typeStart, end - typeStart, IgnoreCase);
            int colon = message.IndexOf(": ", typeStart, end - typeStart, Ordinal);
            int typeEnd = MinPositive(MinPositive(transitive, colon), end);

            draft.PolicyType = PolicyTypeFromText(message.Substring(typeStart, typeEnd - typeStart));
            if (colon >= 0 && colon == typeEnd)
            {
                string arn = TrimPunctuation(TokenAt(message, SkipSpaces(message, colon + 2)));
                draft.PolicyArn = arn.Length == 0 ? null : arn;
            }

            if (transitive >= 0)
            {
                int throughStart = transitive + Transitively.Length;
                int throughEnd = MinPositive(message.IndexOf(": ", throughStart, end - throughStart, Ordinal), end);
                draft.TransitivePolicyType = PolicyTypeFromText(message.Substring(throughStart, throughEnd - throughStart));
                if (draft.PolicyArn is null && throughEnd < end && message[throughEnd] == ':')
                {
                    string arn = TrimPunctuation(TokenAt(message, SkipSpaces(message, throughEnd + 2)));
                    draft.PolicyArn = arn.Length == 0 ? null : arn;
                }
            }
        }

        /// <summary>Maps AWS's wording of a policy type, quirks included ("sessions policy", "permissions boundary").</summary>
        internal static PolicyType? PolicyTypeFromText(string text)
        {
            string value = text.Trim().TrimEnd('.');
            if (value.IndexOf("identity-based", IgnoreCase) >= 0 || value.IndexOf("identity based", IgnoreCase) >= 0)
            {
                return PolicyType.IdentityBased;
            }

            if (value.IndexOf("resource-based", IgnoreCase) >= 0 || value.IndexOf("resource based", IgnoreCase) >= 0)
            {
                return PolicyType.ResourceBased;
            }

            if (value.IndexOf("service control", IgnoreCase) >= 0 || ContainsWord(value, "SCP"))
            {
                return PolicyType.ServiceControl;
            }

            if (value.IndexOf("resource control", IgnoreCase) >= 0 || ContainsWord(value, "RCP"))
            {
                return PolicyType.ResourceControl;
            }

            if (value.IndexOf("boundary", IgnoreCase) >= 0)
            {
                return PolicyType.PermissionsBoundary;
            }

            if (value.IndexOf("session", IgnoreCase) >= 0)
            {
                return PolicyType.Session;
            }

            if (value.IndexOf("endpoint", IgnoreCase) >= 0)
            {
                return PolicyType.VpcEndpoint;
            }

            if (value.IndexOf("trust", IgnoreCase) >= 0)
            {
                return PolicyType.RoleTrust;
            }

            return null;
        }

        internal static void SetErrorCode(DiagnosisDraft draft, string code)
        {
            string trimmed = code.Trim();
            if (trimmed.Length > 0 && trimmed.Length <= 128)
            {
                draft.ErrorCode = trimmed;
            }
        }

        /// <summary>Exception type names that say nothing about the failure (AWS.Tools wraps in InvalidOperationException).</summary>
        internal static bool IsGenericExceptionName(string typeName) =>
            typeName == "Exception" ||
            typeName == "InvalidOperationException" ||
            typeName == "AggregateException" ||
            typeName == "RuntimeException" ||
            typeName == "MethodInvocationException" ||
            typeName == "HttpErrorResponseException" ||
            (typeName.StartsWith("Amazon", Ordinal) && typeName.EndsWith("Exception", Ordinal));

        private static bool IsCmdletName(string label)
        {
            int dash = label.IndexOf('-');
            if (dash <= 0 || dash == label.Length - 1 || label.IndexOf('-', dash + 1) >= 0 || !char.IsUpper(label[0]))
            {
                return false;
            }

            foreach (char c in label)
            {
                if (!char.IsLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }

            return true;
        }

        private static string CleanResource(string raw)
        {
            string value = raw.Trim();
            int lineEnd = value.IndexOf('\n');
            if (lineEnd >= 0)
            {
                value = value.Substring(0, lineEnd).TrimEnd();
            }

            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\''))
            {
                int close = value.IndexOf(value[0], 1);
                if (close > 0)
                {
                    return value.Substring(1, close - 1);
                }
            }

            value = value.TrimEnd('.', ',', ';');
            return value;
        }

        private static string TokenAt(string text, int start)
        {
            int end = start;
            while (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            return text.Substring(start, end - start);
        }

        private static string TrimPunctuation(string token) => token.TrimEnd('.', ',', ';', '"', '\'').TrimStart('"', '\'');

        private static int SkipSpaces(string text, int index)
        {
            while (index < text.Length && text[index] == ' ')
            {
                index++;
            }

            return index;
        }

        private static int MinPositive(int a, int b) => a < 0 ? b : b < 0 ? a : Math.Min(a, b);

        private static bool ContainsWord(string text, string word)
        {
            int index = text.IndexOf(word, Ordinal);
            while (index >= 0)
            {
                bool startOk = index == 0 || !char.IsLetter(text[index - 1]);
                int after = index + word.Length;
                bool endOk = after == text.Length || !char.IsLetter(text[after]);
                if (startOk && endOk)
                {
                    return true;
                }

                index = text.IndexOf(word, after, Ordinal);
            }

            return false;
        }
    }
}
