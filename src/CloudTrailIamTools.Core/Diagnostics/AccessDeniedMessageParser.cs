using System;
using CloudTrailIamTools.Core.Arns;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>
    /// Reads the text of an access error: first its layout is undone (lines joined, whitespace collapsed, tool
    /// decorations dropped), then tool wrappers are peeled (AWS CLI and boto3, Go v2 and Terraform, Java v1/v2,
    /// CloudFormation and CDK, .NET and PowerShell, error-code prefixes, XML error bodies), then AWS's message
    /// template is read. Every step is a bounded number of ordinal searches, so time stays linear in the input's
    /// length whatever it holds. Quoted text is data: a phrase inside quotes never changes the diagnosis.
    /// </summary>
    internal static class AccessDeniedMessageParser
    {
        private const string NotAuthorizedPhrase = "is not authorized to ";
        private const string BareNotAuthorizedPhrase = "Not authorized to perform ";
        private const string EncodedPhrase = "Encoded authorization failure message:";
        private const string ExplicitPhrase = "with an explicit deny";
        private const string ImplicitPhrase = " because no ";
        private const StringComparison Ordinal = StringComparison.Ordinal;
        private const StringComparison IgnoreCase = StringComparison.OrdinalIgnoreCase;

        private static readonly string[] GenericErrorPrefixes = { "error : ", "error: ", "ERROR: ", "Error : ", "Error: " };

        /// <summary>How many wrappers may nest (Terraform around Go around the service's own code prefix, ...).</summary>
        private const int MaxLayers = 8;

        public static void Parse(string text, DiagnosisDraft draft)
        {
            string message = UnwrapXmlError(text.Trim(), draft);
            message = MessageLayout.Flatten(message);
            if (message.IndexOf("\\\"", Ordinal) >= 0)
            {
                message = message.Replace("\\\"", "\""); // a message copied out of a JSON string keeps its escapes
            }

            string? handlerCode = null;
            message = Unwrap(message, draft, ref handlerCode);
            message = StripEnclosingQuotes(message);
            draft.Message = message.Length == 0 ? null : message;
            ParseMessage(message, draft);

            if (draft.ErrorCode is null && handlerCode is not null)
            {
                SetErrorCode(draft, handlerCode);
            }

            RecognizeCodeFromText(message, draft);
            ReadConfigurationResource(message, draft);
            if (draft.Kind == DiagnosisKind.Unrecognized && (KnownErrorCodes.IsAuthorizationCode(draft.ErrorCode) || draft.ErrorCode == "403"))
            {
                draft.Kind = DiagnosisKind.AccessDenied;
            }
        }

        /// <summary>Reads AWS's access-denied template (and its relatives) from an already unwrapped message.</summary>
        public static void ParseMessage(string message, DiagnosisDraft draft)
        {
            string template = message;
            int encoded = message.IndexOf(EncodedPhrase, IgnoreCase);
            if (encoded >= 0)
            {
                string blob = TokenAt(message, SkipSpaces(message, encoded + EncodedPhrase.Length));
                draft.EncodedMessage = blob.Length == 0 ? null : blob;
                template = message.Substring(0, encoded);
            }

            int afterPhrase = FindNotAuthorized(template, out int phrase);
            if (afterPhrase >= 0)
            {
                // Plain-text details beside an encoded message (newer EC2 replies) are read like any other message.
                draft.Kind = DiagnosisKind.NotAuthorized;
                ReadPrincipal(template, phrase, draft);
                ReadActionAndContext(template, afterPhrase, draft);
                return;
            }

            if (encoded >= 0)
            {
                draft.Kind = DiagnosisKind.EncodedAuthorizationFailure;
                return;
            }

            if (LooksLikeAccessDenied(message))
            {
                draft.Kind = DiagnosisKind.AccessDenied;
            }
        }

        /// <summary>The index just after "is not authorized to " (or "Not authorized to "), or -1; phrase is where the phrase starts.</summary>
        private static int FindNotAuthorized(string message, out int phrase)
        {
            phrase = message.IndexOf(NotAuthorizedPhrase, Ordinal);
            if (phrase >= 0)
            {
                return phrase + NotAuthorizedPhrase.Length;
            }

            // "Not authorized to perform sts:AssumeRoleWithWebIdentity" (no principal, no colon).
            phrase = message.IndexOf(BareNotAuthorizedPhrase, Ordinal);
            if (phrase >= 0 && (phrase == 0 || message[phrase - 1] == ' '))
            {
                return phrase + "Not authorized to ".Length;
            }

            phrase = -1;
            return -1;
        }

        private static bool LooksLikeAccessDenied(string message) =>
            message.IndexOf("access denied", IgnoreCase) >= 0 ||
            message.IndexOf("accessdenied", IgnoreCase) >= 0 ||
            message.IndexOf("do not have permission", IgnoreCase) >= 0 ||
            message.IndexOf("not authorized", IgnoreCase) >= 0 ||
            message.IndexOf("unauthorizedoperation", IgnoreCase) >= 0 ||
            message.IndexOf("403 forbidden", IgnoreCase) >= 0;

        /// <summary>Strips the wrappers tools put around the service message, recording what they say.</summary>
        private static string Unwrap(string text, DiagnosisDraft draft, ref string? handlerCode)
        {
            string message = text;
            for (int layer = 0; layer < MaxLayers; layer++)
            {
                message = CutTrailers(message, draft);
                string unwrapped =
                    UnwrapCloudFormation(message, ref handlerCode) ??
                    UnwrapCli(message, draft) ??
                    UnwrapGoOperationError(message, draft) ??
                    UnwrapTerraform(message, draft) ??
                    UnwrapCloudFormationApi(message, draft) ??
                    UnwrapLeadingCode(message, draft) ??
                    UnwrapExceptionLabel(message, draft) ??
                    UnwrapCmdlet(message, draft) ??
                    message;
                if (ReferenceEquals(unwrapped, message) || unwrapped.Length >= message.Length)
                {
                    break;
                }

                message = unwrapped.Trim();
            }

            return message;
        }

        /// <summary>Java's "(Service: X; Status Code: N; Error Code: C; Request ID: R; Proxy: null)" and Go v1's "status code: 400, request id: ...".</summary>
        private static string CutTrailers(string message, DiagnosisDraft draft)
        {
            int service = message.LastIndexOf("(Service: ", Ordinal);
            if (service >= 0 && message.IndexOf("Status Code: ", service, Ordinal) > 0)
            {
                int close = message.IndexOf(')', service);
                string fields = close < 0 ? message.Substring(service + 1) : message.Substring(service + 1, close - service - 1);
                foreach (string field in fields.Split(';', ','))
                {
                    string part = field.Trim();
                    if (part.StartsWith("Service: ", Ordinal))
                    {
                        draft.ServiceHint ??= part.Substring("Service: ".Length).Trim();
                    }
                    else if (part.StartsWith("Error Code: ", Ordinal))
                    {
                        SetErrorCode(draft, part.Substring("Error Code: ".Length));
                    }
                }

                // Anything after the trailer is SDK bookkeeping ("(SDK Attempt Count: 1)") or a CloudFormation closing quote.
                string kept = message.Substring(0, service).TrimEnd();
                string after = close < 0 ? string.Empty : message.Substring(close + 1).Trim();
                return after.StartsWith("(SDK Attempt", Ordinal) || after.Length == 0 ? kept : kept + " " + after;
            }

            int status = message.IndexOf(" status code: ", Ordinal);
            if (status > 0 && message.IndexOf("request id: ", status, Ordinal) > 0)
            {
                return message.Substring(0, status).TrimEnd();
            }

            return message;
        }

        /// <summary>CloudFormation: Resource handler returned message: "inner" (RequestToken: ..., HandlerErrorCode: AccessDenied).</summary>
        private static string? UnwrapCloudFormation(string message, ref string? handlerCode)
        {
            const string Prefix = "Resource handler returned message:";
            int start = message.IndexOf(Prefix, Ordinal);
            if (start < 0)
            {
                return null;
            }

            int innerStart = SkipSpaces(message, start + Prefix.Length);
            int token = message.IndexOf("(RequestToken:", innerStart, Ordinal);
            int code = message.IndexOf("HandlerErrorCode: ", Math.Max(innerStart, token), Ordinal);
            if (code >= 0)
            {
                string value = TokenAt(message, code + "HandlerErrorCode: ".Length).TrimEnd(')', ',', '.');
                handlerCode = value.Length == 0 ? handlerCode : value;
            }

            int innerEnd = token < 0 ? message.Length : token;
            string inner = message.Substring(innerStart, innerEnd - innerStart).Trim();
            return StripEnclosingQuotes(inner);
        }

        /// <summary>AWS CLI and boto3: "An error occurred (Code) when calling the Op operation (reached max retries: 4): message", wherever it starts.</summary>
        private static string? UnwrapCli(string message, DiagnosisDraft draft)
        {
            const string Prefix = "An error occurred (";
            int start = message.IndexOf(Prefix, Ordinal);
            if (start < 0 || InsideMessageBody(message, start))
            {
                return null;
            }

            int codeStart = start + Prefix.Length;
            int codeEnd = message.IndexOf(')', codeStart);
            if (codeEnd < 0 || codeEnd - codeStart > 128)
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
                if (opEnd > opStart && opEnd - opStart <= 128)
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
        /// AWS SDK for Go v2 (and Terraform around it): "operation error CloudTrail: CreateTrail, https response error
        /// StatusCode: 400, RequestID: ..., api error AccessDeniedException: message".
        /// </summary>
        private static string? UnwrapGoOperationError(string message, DiagnosisDraft draft)
        {
            const string Prefix = "operation error ";
            int start = message.IndexOf(Prefix, Ordinal);
            if (start < 0 || InsideMessageBody(message, start))
            {
                return null;
            }

            int serviceStart = start + Prefix.Length;
            int serviceEnd = message.IndexOf(": ", serviceStart, Ordinal);
            if (serviceEnd < 0 || serviceEnd - serviceStart > 48)
            {
                return null;
            }

            int opStart = serviceEnd + 2;
            int opEnd = message.IndexOf(',', opStart);
            if (opEnd < 0 || opEnd - opStart > 128 || !IsWord(message, opStart, opEnd))
            {
                return null;
            }

            draft.ServiceHint = message.Substring(serviceStart, serviceEnd - serviceStart);
            draft.Operation = message.Substring(opStart, opEnd - opStart);

            const string ApiError = "api error ";
            int api = message.IndexOf(ApiError, opEnd, Ordinal);
            if (api < 0)
            {
                return message.Substring(opEnd + 1);
            }

            int codeStart = api + ApiError.Length;
            int codeEnd = message.IndexOf(':', codeStart);
            if (codeEnd > codeStart && IsWord(message, codeStart, codeEnd))
            {
                SetErrorCode(draft, message.Substring(codeStart, codeEnd - codeStart));
                return message.Substring(codeEnd + 1);
            }

            return message.Substring(codeStart);
        }

        /// <summary>Terraform and Go v1: "Error: creating CloudTrail Trail (main): ...", "Error creating CloudTrail: ...".</summary>
        private static string? UnwrapTerraform(string message, DiagnosisDraft draft)
        {
            int verbStart;
            if (message.StartsWith("Error: ", IgnoreCase))
            {
                verbStart = "Error: ".Length;
            }
            else if (message.StartsWith("Error ", IgnoreCase))
            {
                verbStart = "Error ".Length;
            }
            else
            {
                return null;
            }

            int verbEnd = message.IndexOf(' ', verbStart);
            if (verbEnd < 0 || !message.Substring(verbStart, verbEnd - verbStart).EndsWith("ing", Ordinal) || !char.IsLower(message[verbStart]))
            {
                return null;
            }

            int colon = message.IndexOf(": ", verbEnd, Ordinal);
            if (colon < 0 || colon - verbEnd > 200)
            {
                return null;
            }

            string subject = message.Substring(verbEnd + 1, colon - verbEnd - 1);
            int paren = subject.IndexOf(" (", Ordinal);
            if (paren >= 0)
            {
                // The name in parentheses may hold ": " (an ARN does not, but be safe): the subject ends at "): ".
                int close = message.IndexOf("): ", verbEnd, Ordinal);
                if (close > 0)
                {
                    colon = close + 1;
                }

                subject = subject.Substring(0, paren);
            }

            DeriveTerraformOperation(message.Substring(verbStart, verbEnd - verbStart), subject, draft);
            return message.Substring(colon + 1);
        }

        /// <summary>"creating" + "CloudTrail Trail" -> service cloudtrail, operation CreateTrail (checked against the catalog later).</summary>
        private static void DeriveTerraformOperation(string verb, string subject, DiagnosisDraft draft)
        {
            string? operationVerb = verb switch
            {
                "creating" => "Create",
                "updating" => "Update",
                "deleting" => "Delete",
                "putting" => "Put",
                "attaching" => "Attach",
                "starting" => "Start",
                "stopping" => "Stop",
                "enabling" => "Enable",
                "tagging" => "Tag",
                _ => null,
            };
            string[] words = subject.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                return;
            }

            int serviceWords = words.Length > 1 && (words[0] == "CloudWatch" || words[0] == "Elastic") ? 2 : 1;
            draft.ServiceHint ??= string.Join(" ", words, 0, Math.Min(serviceWords, words.Length));
            if (operationVerb is null)
            {
                return;
            }

            string noun = string.Join(string.Empty, words, serviceWords, Math.Max(0, words.Length - serviceWords));
            if (noun.Length == 0 && words[0].Equals("CloudTrail", Ordinal))
            {
                noun = "Trail"; // the provider's older "Error creating CloudTrail:" is about a trail
            }

            if (noun.Length > 0)
            {
                draft.OperationCandidate = operationVerb + noun;
            }
        }

        /// <summary>CloudFormation's status reason "API: ec2:RunInstances You are not authorized to perform this operation."</summary>
        private static string? UnwrapCloudFormationApi(string message, DiagnosisDraft draft)
        {
            if (!message.StartsWith("API: ", Ordinal))
            {
                return null;
            }

            string action = TokenAt(message, 5);
            if (action.IndexOf(':') <= 0)
            {
                return null;
            }

            draft.Action ??= action;
            return message.Substring(5 + action.Length);
        }

        /// <summary>
        /// An error code in front of the message, written the ways people paste it: "AccessDeniedException: ...",
        /// "AccessDeniedException User: ...", "[AccessDenied] ...", "AccessDenied - ...", "error : AccessDeniedException: ...".
        /// </summary>
        private static string? UnwrapLeadingCode(string message, DiagnosisDraft draft)
        {
            foreach (string generic in GenericErrorPrefixes)
            {
                if (message.StartsWith(generic, Ordinal))
                {
                    return message.Substring(generic.Length);
                }
            }

            if (message.Length > 2 && message[0] == '[')
            {
                int close = message.IndexOf(']');
                if (close > 1 && IsCode(message.Substring(1, close - 1)))
                {
                    SetErrorCode(draft, message.Substring(1, close - 1));
                    return message.Substring(close + 1);
                }

                return null;
            }

            if (message.Length == 0 || !char.IsUpper(message[0]))
            {
                return null;
            }

            int end = 0;
            while (end < message.Length && end <= 128 && (char.IsLetterOrDigit(message[end]) || message[end] == '.'))
            {
                end++;
            }

            if (end == 0 || end >= message.Length || (message[end] != ':' && message[end] != ' ') || (end == 4 && message.StartsWith("User", Ordinal)) || !IsCode(message.Substring(0, end)))
            {
                return null;
            }

            string code = message.Substring(0, end);
            if (message[end] == ':')
            {
                SetErrorCode(draft, code);
                return message.Substring(end + 1);
            }

            if (message[end] == ' ')
            {
                SetErrorCode(draft, code);
                string rest = message.Substring(end + 1);
                return rest.StartsWith("- ", Ordinal) ? rest.Substring(2) : rest;
            }

            return null;
        }

        /// <summary>
        /// "Amazon.CloudTrail.Model.XyzException: message" (.NET), "com.amazonaws...AWSCloudTrailException: message" (Java),
        /// "botocore.exceptions.ClientError: ..." (Python): a type name before a colon, at the start or after other text
        /// (a log line, "Unhandled exception."). Service base exceptions name no error code.
        /// </summary>
        private static string? UnwrapExceptionLabel(string message, DiagnosisDraft draft)
        {
            int colon = FindTypeLabel(message, "Exception: ");
            if (colon < 0)
            {
                colon = FindTypeLabel(message, "Error: ");
            }

            if (colon < 0 || InsideMessageBody(message, colon))
            {
                return null;
            }

            int start = message.LastIndexOf(' ', colon) + 1;
            string label = message.Substring(start, colon - start);
            string typeName = label.Substring(label.LastIndexOf('.') + 1);
            if (!IsGenericExceptionName(typeName) && !IsServiceBaseException(label, typeName) && typeName.EndsWith("Exception", Ordinal))
            {
                SetErrorCode(draft, typeName);
            }

            return message.Substring(colon + 1);
        }

        /// <summary>
        /// Wrappers come before the service's message: text found after "is not authorized to" or inside a quoted
        /// resource is data (a resource may be named anything), never a wrapper.
        /// </summary>
        private static bool InsideMessageBody(string message, int index)
        {
            int phrase = message.IndexOf(NotAuthorizedPhrase, 0, index, Ordinal);
            return phrase >= 0 || message.IndexOf("on resource: \"", 0, index, Ordinal) >= 0;
        }

        /// <summary>The colon after a type name ending in suffix: at the start of the message, or a dotted (namespace-qualified) name anywhere.</summary>
        private static int FindTypeLabel(string message, string suffix)
        {
            int index = message.IndexOf(suffix, Ordinal);
            while (index > 0)
            {
                int colon = index + suffix.Length - 2;
                int start = message.LastIndexOf(' ', index) + 1;
                bool dotted = message.IndexOf('.', start, index - start) >= 0;
                if ((start == 0 || dotted) && IsWord(message, start, index, allowDots: true))
                {
                    return colon;
                }

                index = message.IndexOf(suffix, index + suffix.Length, Ordinal);
            }

            return -1;
        }

        /// <summary>PowerShell: "Get-CTTrailStatus : message" (Windows PowerShell) or "Get-CTTrailStatus: message" (PowerShell 7).</summary>
        private static string? UnwrapCmdlet(string message, DiagnosisDraft draft)
        {
            int colon = message.IndexOf(':');
            if (colon <= 0 || colon > 100)
            {
                return null;
            }

            string label = message.Substring(0, colon).TrimEnd();
            if (!IsCmdletName(label))
            {
                return null;
            }

            draft.Operation ??= label;
            return message.Substring(colon + 1);
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

        private static void ReadPrincipal(string message, int phrase, DiagnosisDraft draft)
        {
            int user = phrase == 0 ? -1 : message.LastIndexOf("User: ", phrase - 1, phrase, Ordinal);
            if (user < 0 && phrase > 0)
            {
                user = message.LastIndexOf("user: ", phrase - 1, phrase, Ordinal);
            }

            string candidate;
            if (user >= 0)
            {
                candidate = message.Substring(user + "User: ".Length, phrase - user - "User: ".Length).Trim();
                ReadCodeBefore(message, user, draft);
            }
            else
            {
                // "arn:aws:iam::1:user/x is not authorized ...": the principal is the word before the phrase.
                string before = message.Substring(0, phrase).TrimEnd();
                int space = before.LastIndexOf(' ');
                candidate = space < 0 ? before : before.Substring(space + 1);
                if (!candidate.StartsWith("arn:", Ordinal))
                {
                    candidate = string.Empty;
                }
            }

            candidate = candidate.Trim('"', '\'');
            if (candidate.Length > 0 && !IsPlaceholder(candidate))
            {
                draft.Principal = PrincipalIdentity.Parse(candidate);
            }
        }

        /// <summary>"... AccessDenied: User: ..." or "AccessDeniedException User: ..." after other text: the code before "User:".</summary>
        private static void ReadCodeBefore(string message, int user, DiagnosisDraft draft)
        {
            if (draft.ErrorCode is not null || user < 2)
            {
                return;
            }

            int end = user - 1;
            while (end > 0 && (message[end] == ' ' || message[end] == ':'))
            {
                end--;
            }

            int start = end;
            while (start > 0 && char.IsLetterOrDigit(message[start - 1]))
            {
                start--;
            }

            string word = message.Substring(start, end - start + 1);
            if (IsCode(word))
            {
                SetErrorCode(draft, word);
            }
        }

        /// <summary>A principal removed before pasting: "&lt;redacted&gt;", "[REDACTED]", "***", "...", "REDACTED", "&lt;my-user-arn&gt;".</summary>
        private static bool IsPlaceholder(string candidate)
        {
            char first = candidate[0];
            if (first == '<' || first == '[' || first == '*' || first == '.' || first == '{' || first == '(')
            {
                return true;
            }

            return candidate.Equals("You", IgnoreCase) || candidate.IndexOf("redacted", IgnoreCase) >= 0 || candidate.Trim('x', 'X').Length == 0 || candidate.IndexOf(' ') >= 0;
        }

        private static void ReadActionAndContext(string message, int afterPhrase, DiagnosisDraft draft)
        {
            int cursor = afterPhrase;
            int perform = MatchAt(message, cursor, "perform: ") ? cursor + "perform: ".Length : MatchAt(message, cursor, "perform ") ? cursor + "perform ".Length : -1;
            if (perform >= 0)
            {
                cursor = SkipSpaces(message, perform);
                string token = TokenAt(message, cursor);
                string action = TrimPunctuation(token);
                if (action.Equals("null", IgnoreCase))
                {
                    draft.ActionWrittenAsNull = true;
                    cursor += token.Length;
                }
                else if (action.IndexOf(':') > 0)
                {
                    draft.Action = action;
                    cursor += token.Length;
                }
            }

            int resource = message.IndexOf(" on resource", cursor, Ordinal);
            int context = ContextStart(message, cursor);
            if (resource >= 0 && (context < 0 || resource < context))
            {
                cursor = ReadResource(message, resource + " on resource".Length, draft);
                context = ContextStart(message, cursor);
            }

            if (context < 0)
            {
                return;
            }

            if (MatchAt(message, context, ExplicitPhrase))
            {
                draft.DenialType = DenialType.Explicit;
                ReadExplicitContext(message, context + ExplicitPhrase.Length, draft);
            }
            else
            {
                draft.DenialType = DenialType.Implicit;
                int typeStart = context + ImplicitPhrase.Length;
                int typeEnd = message.IndexOf(" allow", typeStart, IgnoreCase);
                if (typeEnd > typeStart && typeEnd - typeStart <= 64)
                {
                    draft.PolicyType = PolicyTypeFromText(message.Substring(typeStart, typeEnd - typeStart));
                }
            }
        }

        /// <summary>Where "with an explicit deny" or " because no " starts after cursor, whichever comes first; -1 when neither.</summary>
        private static int ContextStart(string message, int cursor)
        {
            // AWS writes these phrases in lower case mid-sentence; ordinal search keeps the common path fast.
            int explicitDeny = message.IndexOf(ExplicitPhrase, cursor, Ordinal);
            int implicitDeny = message.IndexOf(ImplicitPhrase, cursor, Ordinal);
            return MinPositive(explicitDeny, implicitDeny);
        }

        /// <summary>Reads the resource after "on resource[:]"; a quoted resource ends at its closing quote. Returns where the context may start.</summary>
        private static int ReadResource(string message, int afterLabel, DiagnosisDraft draft)
        {
            int start = afterLabel < message.Length && message[afterLabel] == ':' ? afterLabel + 1 : afterLabel;
            start = SkipSpaces(message, start);
            if (start < message.Length && (message[start] == '"' || message[start] == '\''))
            {
                int close = message.IndexOf(message[start], start + 1);
                if (close > start + 1)
                {
                    draft.Resource = message.Substring(start + 1, close - start - 1).Trim();
                    return close + 1;
                }

                start++; // an unclosed quote: read on as unquoted text
            }

            int context = ContextStart(message, start);
            int end = context < 0 ? message.Length : context;
            if (MatchAt(message, start, "arn:"))
            {
                // An ARN holds no spaces: text after it ("Please check...", a tool's trailer) is not the resource.
                int space = message.IndexOf(' ', start, end - start);
                end = space < 0 ? end : space;
            }
            else
            {
                int sentence = message.IndexOf(". ", start, end - start, Ordinal);
                end = sentence < 0 ? end : sentence;
            }

            string value = CleanResource(message.Substring(start, end - start));
            draft.Resource = value.Length == 0 ? null : value;
            return end;
        }

        /// <summary>"with an explicit deny in a/an/the TYPE[: policy-arn][ transitively through a TYPE]".</summary>
        private static void ReadExplicitContext(string message, int cursor, DiagnosisDraft draft)
        {
            const string In = " in ";
            if (!MatchAt(message, cursor, In))
            {
                return;
            }

            int typeStart = cursor + In.Length;
            int end = TypeTextEnd(message, typeStart);

            const string Transitively = " transitively through ";
            int transitive = message.IndexOf(Transitively, typeStart, end - typeStart, IgnoreCase);
            int colon = message.IndexOf(": ", typeStart, end - typeStart, Ordinal);
            int typeEnd = MinPositive(MinPositive(transitive, colon), end);

            draft.PolicyType = PolicyTypeFromText(message.Substring(typeStart, typeEnd - typeStart));
            if (colon >= 0 && colon == typeEnd)
            {
                draft.PolicyArn = ArnAt(message, colon + 2);
            }

            if (transitive >= 0)
            {
                int throughStart = transitive + Transitively.Length;
                int throughEnd = MinPositive(message.IndexOf(": ", throughStart, end - throughStart, Ordinal), end);
                draft.TransitivePolicyType = PolicyTypeFromText(message.Substring(throughStart, throughEnd - throughStart));
                if (draft.PolicyArn is null && throughEnd < end && message[throughEnd] == ':')
                {
                    draft.PolicyArn = ArnAt(message, throughEnd + 2);
                }
            }
        }

        /// <summary>The policy type's words end at a sentence end, a parenthesis, or after a few words; the ARN after ": " is kept inside.</summary>
        private static int TypeTextEnd(string message, int typeStart)
        {
            int limit = Math.Min(message.Length, typeStart + 200);
            int end = limit;
            int sentence = message.IndexOf(". ", typeStart, limit - typeStart, Ordinal);
            int paren = message.IndexOf(" (", typeStart, limit - typeStart, Ordinal);
            end = MinPositive(MinPositive(sentence, paren), end);
            if (end == limit && limit < message.Length)
            {
                int space = message.LastIndexOf(' ', limit - 1, limit - typeStart);
                end = space > typeStart ? space : limit;
            }

            return end;
        }

        /// <summary>A policy ARN after "policy: "; anything that is not an ARN ("Iam" from a stray trailer) is not one.</summary>
        private static string? ArnAt(string message, int start)
        {
            string arn = TrimPunctuation(TokenAt(message, SkipSpaces(message, start)));
            return arn.StartsWith("arn:", Ordinal) ? arn : null;
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

        /// <summary>
        /// A CloudTrail condition named only by its wording (CloudFormation passes "InvalidRequest", a paste may drop the code):
        /// the wording names the code.
        /// </summary>
        private static void RecognizeCodeFromText(string message, DiagnosisDraft draft)
        {
            // A "User: ... is not authorized to perform" message is a denial, never one of CloudTrail's configuration conditions.
            if (draft.Kind == DiagnosisKind.NotAuthorized || (draft.ErrorCode is not null && !KnownErrorCodes.IsUnspecificCode(draft.ErrorCode)))
            {
                return;
            }

            string? code = KnownErrorCodes.FindCodeByWording(message) ?? KnownErrorCodes.FindCodeInText(message);
            if (code is not null)
            {
                draft.ErrorCode = code;
            }
        }

        /// <summary>CloudTrail's configuration codes name the bucket, key, topic, role or log group in their text.</summary>
        private static void ReadConfigurationResource(string message, DiagnosisDraft draft)
        {
            if (draft.Resource is null && KnownErrorCodes.FindResourceInMessage(draft.ErrorCode, message) is string resource)
            {
                draft.Resource = resource;
            }
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
            typeName == "ClientError" ||
            typeName.EndsWith("Error", Ordinal) ||
            (typeName.StartsWith("Amazon", Ordinal) && typeName.EndsWith("Exception", Ordinal)) ||
            (typeName.StartsWith("AWS", Ordinal) && typeName.EndsWith("Exception", Ordinal));

        /// <summary>Java v2's per-service base exceptions: software.amazon.awssdk.services.iam.model.IamException.</summary>
        private static bool IsServiceBaseException(string label, string typeName)
        {
            int model = label.LastIndexOf(".model.", Ordinal);
            if (model < 0)
            {
                return false;
            }

            int serviceStart = label.LastIndexOf('.', model - 1) + 1;
            string service = label.Substring(serviceStart, model - serviceStart);
            return typeName.Equals(service + "Exception", IgnoreCase);
        }

        /// <summary>A word that reads as an error code: a known one, or an identifier ending as codes do.</summary>
        private static bool IsCode(string word) =>
            word.Length > 3 && char.IsUpper(word[0]) &&
            (KnownErrorCodes.IsDiagnosable(word) || (word.EndsWith("Exception", Ordinal) && word.IndexOf('.') < 0));

        /// <summary>A PowerShell command name as error views print it (Verb-Noun): one dash, letters and digits.</summary>
        internal static bool IsCmdletName(string label)
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

        private static string StripEnclosingQuotes(string value)
        {
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'' || value[0] == '`') && value[value.Length - 1] == value[0] &&
                value.IndexOf(value[0], 1) == value.Length - 1)
            {
                return value.Substring(1, value.Length - 2).Trim();
            }

            // An unclosed leading quote (CloudFormation text cut short) is not part of the message.
            return value.Length >= 1 && value[0] == '"' && value.IndexOf('"', 1) < 0 ? value.Substring(1).Trim() : value;
        }

        private static string CleanResource(string raw) => raw.Trim().TrimEnd('.', ',', ';', '"', '\'', '`').TrimEnd();

        private static bool MatchAt(string text, int index, string value) =>
            index >= 0 && index + value.Length <= text.Length && string.Compare(text, index, value, 0, value.Length, IgnoreCase) == 0;

        private static bool IsWord(string text, int start, int end, bool allowDots = false)
        {
            if (end <= start)
            {
                return false;
            }

            for (int i = start; i < end; i++)
            {
                char c = text[i];
                if (!char.IsLetterOrDigit(c) && c != '_' && !(allowDots && (c == '.' || c == '$')))
                {
                    return false;
                }
            }

            return true;
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

        private static string TrimPunctuation(string token) => token.TrimEnd('.', ',', ';', '"', '\'', ')', '`').TrimStart('"', '\'', '(', '`');

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
