import * as $protobuf from "protobufjs";
import Long = require("long");

export namespace keyward {

    namespace recording {

        namespace v1 {

            interface IFrame extends keyward.recording.v1.Frame.$Properties {
            }

            class Frame {
                constructor(properties?: keyward.recording.v1.Frame.$Properties);
                $unknowns?: Uint8Array[];
                record: Uint8Array;
                crc32: number;
                nonce: Uint8Array;
                chain: Uint8Array;
                seq: (number|Long);
                static create(properties: keyward.recording.v1.Frame.$Shape): keyward.recording.v1.Frame & keyward.recording.v1.Frame.$Shape;
                static create(properties?: keyward.recording.v1.Frame.$Properties): keyward.recording.v1.Frame;
                static encode(message: keyward.recording.v1.Frame.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.recording.v1.Frame.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.recording.v1.Frame & keyward.recording.v1.Frame.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.recording.v1.Frame & keyward.recording.v1.Frame.$Shape;
            }

            namespace Frame {
                interface $Properties {
                    record?: (Uint8Array|null);
                    crc32?: (number|null);
                    nonce?: (Uint8Array|null);
                    chain?: (Uint8Array|null);
                    seq?: (number|Long|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.recording.v1.Frame.$Properties;
            }

            interface IHeader extends keyward.recording.v1.Header.$Properties {
            }

            class Header {
                constructor(properties?: keyward.recording.v1.Header.$Properties);
                $unknowns?: Uint8Array[];
                name: string;
                value: string;
                static create(properties: keyward.recording.v1.Header.$Shape): keyward.recording.v1.Header & keyward.recording.v1.Header.$Shape;
                static create(properties?: keyward.recording.v1.Header.$Properties): keyward.recording.v1.Header;
                static encode(message: keyward.recording.v1.Header.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.recording.v1.Header.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.recording.v1.Header & keyward.recording.v1.Header.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.recording.v1.Header & keyward.recording.v1.Header.$Shape;
            }

            namespace Header {
                interface $Properties {
                    name?: (string|null);
                    value?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.recording.v1.Header.$Properties;
            }

            interface IRecord extends keyward.recording.v1.Record.$Properties {
            }

            class Record {
                constructor(properties?: keyward.recording.v1.Record.$Properties);
                $unknowns?: Uint8Array[];
                seq: (number|Long);
                timeUnixMs: (number|Long);
                prevHash: Uint8Array;
                header?: (keyward.recording.v1.FileHeader.$Properties|null);
                sessionStart?: (keyward.recording.v1.SessionStart.$Properties|null);
                exchangeStart?: (keyward.recording.v1.ExchangeStart.$Properties|null);
                requestBody?: (keyward.recording.v1.RequestBody.$Properties|null);
                policy?: (keyward.recording.v1.PolicyDecision.$Properties|null);
                responseHead?: (keyward.recording.v1.ResponseHead.$Properties|null);
                responseChunk?: (keyward.recording.v1.ResponseChunk.$Properties|null);
                maskCounts?: (keyward.recording.v1.MaskCounts.$Properties|null);
                usage?: (keyward.recording.v1.Usage.$Properties|null);
                exchangeEnd?: (keyward.recording.v1.ExchangeEnd.$Properties|null);
                event?: (keyward.recording.v1.SessionEvent.$Properties|null);
                sizeCap?: (keyward.recording.v1.SizeCapReached.$Properties|null);
                sessionEnd?: (keyward.recording.v1.SessionEnd.$Properties|null);
                trailer?: (keyward.recording.v1.Trailer.$Properties|null);
                bundle?: (keyward.recording.v1.Bundle.$Properties|null);
                body?: ("header"|"sessionStart"|"exchangeStart"|"requestBody"|"policy"|"responseHead"|"responseChunk"|"maskCounts"|"usage"|"exchangeEnd"|"event"|"sizeCap"|"sessionEnd"|"trailer"|"bundle");
                static create(properties: keyward.recording.v1.Record.$Shape): keyward.recording.v1.Record & keyward.recording.v1.Record.$Shape;
                static create(properties?: keyward.recording.v1.Record.$Properties): keyward.recording.v1.Record;
                static encode(message: keyward.recording.v1.Record.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.recording.v1.Record.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.recording.v1.Record & keyward.recording.v1.Record.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.recording.v1.Record & keyward.recording.v1.Record.$Shape;
            }

            namespace Record {
                interface $Properties {
                    seq?: (number|Long|null);
                    timeUnixMs?: (number|Long|null);
                    prevHash?: (Uint8Array|null);
                    header?: (keyward.recording.v1.FileHeader.$Properties|null);
                    sessionStart?: (keyward.recording.v1.SessionStart.$Properties|null);
                    exchangeStart?: (keyward.recording.v1.ExchangeStart.$Properties|null);
                    requestBody?: (keyward.recording.v1.RequestBody.$Properties|null);
                    policy?: (keyward.recording.v1.PolicyDecision.$Properties|null);
                    responseHead?: (keyward.recording.v1.ResponseHead.$Properties|null);
                    responseChunk?: (keyward.recording.v1.ResponseChunk.$Properties|null);
                    maskCounts?: (keyward.recording.v1.MaskCounts.$Properties|null);
                    usage?: (keyward.recording.v1.Usage.$Properties|null);
                    exchangeEnd?: (keyward.recording.v1.ExchangeEnd.$Properties|null);
                    event?: (keyward.recording.v1.SessionEvent.$Properties|null);
                    sizeCap?: (keyward.recording.v1.SizeCapReached.$Properties|null);
                    sessionEnd?: (keyward.recording.v1.SessionEnd.$Properties|null);
                    trailer?: (keyward.recording.v1.Trailer.$Properties|null);
                    bundle?: (keyward.recording.v1.Bundle.$Properties|null);
                    body?: ("header"|"sessionStart"|"exchangeStart"|"requestBody"|"policy"|"responseHead"|"responseChunk"|"maskCounts"|"usage"|"exchangeEnd"|"event"|"sizeCap"|"sessionEnd"|"trailer"|"bundle");
                    $unknowns?: Uint8Array[];
                }
                type $Shape = {
                  seq?: number|Long|null;
                  timeUnixMs?: number|Long|null;
                  prevHash?: Uint8Array|null;
                  header?: keyward.recording.v1.FileHeader.$Shape|null;
                  sessionStart?: keyward.recording.v1.SessionStart.$Shape|null;
                  exchangeStart?: keyward.recording.v1.ExchangeStart.$Shape|null;
                  requestBody?: keyward.recording.v1.RequestBody.$Shape|null;
                  policy?: keyward.recording.v1.PolicyDecision.$Shape|null;
                  responseHead?: keyward.recording.v1.ResponseHead.$Shape|null;
                  responseChunk?: keyward.recording.v1.ResponseChunk.$Shape|null;
                  maskCounts?: keyward.recording.v1.MaskCounts.$Shape|null;
                  usage?: keyward.recording.v1.Usage.$Shape|null;
                  exchangeEnd?: keyward.recording.v1.ExchangeEnd.$Shape|null;
                  event?: keyward.recording.v1.SessionEvent.$Shape|null;
                  sizeCap?: keyward.recording.v1.SizeCapReached.$Shape|null;
                  sessionEnd?: keyward.recording.v1.SessionEnd.$Shape|null;
                  trailer?: keyward.recording.v1.Trailer.$Shape|null;
                  bundle?: keyward.recording.v1.Bundle.$Shape|null;
                  $unknowns?: Uint8Array[];
                } & (
                  ({ body?: undefined; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "header"; header: keyward.recording.v1.FileHeader.$Shape; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "sessionStart"; header?: null; sessionStart: keyward.recording.v1.SessionStart.$Shape; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "exchangeStart"; header?: null; sessionStart?: null; exchangeStart: keyward.recording.v1.ExchangeStart.$Shape; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "requestBody"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody: keyward.recording.v1.RequestBody.$Shape; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "policy"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy: keyward.recording.v1.PolicyDecision.$Shape; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "responseHead"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead: keyward.recording.v1.ResponseHead.$Shape; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "responseChunk"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk: keyward.recording.v1.ResponseChunk.$Shape; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "maskCounts"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts: keyward.recording.v1.MaskCounts.$Shape; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "usage"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage: keyward.recording.v1.Usage.$Shape; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "exchangeEnd"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd: keyward.recording.v1.ExchangeEnd.$Shape; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "event"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event: keyward.recording.v1.SessionEvent.$Shape; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "sizeCap"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap: keyward.recording.v1.SizeCapReached.$Shape; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "sessionEnd"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd: keyward.recording.v1.SessionEnd.$Shape; trailer?: null; bundle?: null }|{ body?: "trailer"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer: keyward.recording.v1.Trailer.$Shape; bundle?: null }|{ body?: "bundle"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle: keyward.recording.v1.Bundle.$Shape })
                );
            }

            interface IBundle extends keyward.recording.v1.Bundle.$Properties {
            }

            class Bundle {
                constructor(properties?: keyward.recording.v1.Bundle.$Properties);
                $unknowns?: Uint8Array[];
                records: keyward.recording.v1.Record.$Properties[];
                static create(properties: keyward.recording.v1.Bundle.$Shape): keyward.recording.v1.Bundle & keyward.recording.v1.Bundle.$Shape;
                static create(properties?: keyward.recording.v1.Bundle.$Properties): keyward.recording.v1.Bundle;
                static encode(message: keyward.recording.v1.Bundle.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.recording.v1.Bundle.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.recording.v1.Bundle & keyward.recording.v1.Bundle.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.recording.v1.Bundle & keyward.recording.v1.Bundle.$Shape;
            }

            namespace Bundle {
                interface $Properties {
                    records?: (keyward.recording.v1.Record.$Properties[]|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = {
                  records?: keyward.recording.v1.Record.$Shape[]|null;
                  $unknowns?: Uint8Array[];
                };
            }

            interface IFileHeader extends keyward.recording.v1.FileHeader.$Properties {
            }

            class FileHeader {
                constructor(properties?: keyward.recording.v1.FileHeader.$Properties);
                $unknowns?: Uint8Array[];
                formatVersion: number;
                recordingId: string;
                relayId: string;
                createdUnixMs: (number|Long);
                encryptionKeyId: string;
                signingPublicKey: Uint8Array;
                signingKeyId: string;
                keywardVersion: string;
                static create(properties: keyward.recording.v1.FileHeader.$Shape): keyward.recording.v1.FileHeader & keyward.recording.v1.FileHeader.$Shape;
                static create(properties?: keyward.recording.v1.FileHeader.$Properties): keyward.recording.v1.FileHeader;
                static encode(message: keyward.recording.v1.FileHeader.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.recording.v1.FileHeader.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.recording.v1.FileHeader & keyward.recording.v1.FileHeader.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.recording.v1.FileHeader & keyward.recording.v1.FileHeader.$Shape;
            }

            namespace FileHeader {
                interface $Properties {
                    formatVersion?: (number|null);
                    recordingId?: (string|null);
                    relayId?: (string|null);
                    createdUnixMs?: (number|Long|null);
                    encryptionKeyId?: (string|null);
                    signingPublicKey?: (Uint8Array|null);
                    signingKeyId?: (string|null);
                    keywardVersion?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.recording.v1.FileHeader.$Properties;
            }

            interface ISessionStart extends keyward.recording.v1.SessionStart.$Properties {
            }

            class SessionStart {
                constructor(properties?: keyward.recording.v1.SessionStart.$Properties);
                $unknowns?: Uint8Array[];
                sessionId: string;
                subject: string;
                groups: string[];
                tokenId: string;
                tokenSha256: string;
                tokenExpiresUnixMs: (number|Long);
                issuer: string;
                clientAddress: string;
                connection: string;
                agentId: string;
                static create(properties: keyward.recording.v1.SessionStart.$Shape): keyward.recording.v1.SessionStart & keyward.recording.v1.SessionStart.$Shape;
                static create(properties?: keyward.recording.v1.SessionStart.$Properties): keyward.recording.v1.SessionStart;
                static encode(message: keyward.recording.v1.SessionStart.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.recording.v1.SessionStart.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.recording.v1.SessionStart & keyward.recording.v1.SessionStart.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.recording.v1.SessionStart & keyward.recording.v1.SessionStart.$Shape;
            }

            namespace SessionStart {
                interface $Properties {
                    sessionId?: (string|null);
                    subject?: (string|null);
                    groups?: (string[]|null);
                    tokenId?: (string|null);
                    tokenSha256?: (string|null);
                    tokenExpiresUnixMs?: (number|Long|null);
                    issuer?: (string|null);
                    clientAddress?: (string|null);
                    connection?: (string|null);
                    agentId?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.recording.v1.SessionStart.$Properties;
            }

            interface IExchangeStart extends keyward.recording.v1.ExchangeStart.$Properties {
            }

            class ExchangeStart {
                constructor(properties?: keyward.recording.v1.ExchangeStart.$Properties);
                $unknowns?: Uint8Array[];
                exchangeId: string;
                method: string;
                path: string;
                model: string;
                headers: keyward.recording.v1.Header.$Properties[];
                stream: boolean;
                agentId: string;
                bodyBytes: (number|Long);
                static create(properties: keyward.recording.v1.ExchangeStart.$Shape): keyward.recording.v1.ExchangeStart & keyward.recording.v1.ExchangeStart.$Shape;
                static create(properties?: keyward.recording.v1.ExchangeStart.$Properties): keyward.recording.v1.ExchangeStart;
                static encode(message: keyward.recording.v1.ExchangeStart.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.recording.v1.ExchangeStart.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.recording.v1.ExchangeStart & keyward.recording.v1.ExchangeStart.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.recording.v1.ExchangeStart & keyward.recording.v1.ExchangeStart.$Shape;
            }

            namespace ExchangeStart {
                interface $Properties {
                    exchangeId?: (string|null);
                    method?: (string|null);
                    path?: (string|null);
                    model?: (string|null);
                    headers?: (keyward.recording.v1.Header.$Properties[]|null);
                    stream?: (boolean|null);
                    agentId?: (string|null);
                    bodyBytes?: (number|Long|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.recording.v1.ExchangeStart.$Properties;
            }

            interface IRequestBody extends keyward.recording.v1.RequestBody.$Properties {
            }

            class RequestBody {
                constructor(properties?: keyward.recording.v1.RequestBody.$Properties);
                $unknowns?: Uint8Array[];
                exchangeId: string;
                offset: (number|Long);
                data: Uint8Array;
                last: boolean;
                static create(properties: keyward.recording.v1.RequestBody.$Shape): keyward.recording.v1.RequestBody & keyward.recording.v1.RequestBody.$Shape;
                static create(properties?: keyward.recording.v1.RequestBody.$Properties): keyward.recording.v1.RequestBody;
                static encode(message: keyward.recording.v1.RequestBody.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.recording.v1.RequestBody.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.recording.v1.RequestBody & keyward.recording.v1.RequestBody.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.recording.v1.RequestBody & keyward.recording.v1.RequestBody.$Shape;
            }

            namespace RequestBody {
                interface $Properties {
                    exchangeId?: (string|null);
                    offset?: (number|Long|null);
                    data?: (Uint8Array|null);
                    last?: (boolean|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.recording.v1.RequestBody.$Properties;
            }

            interface IPolicyDecision extends keyward.recording.v1.PolicyDecision.$Properties {
            }

            class PolicyDecision {
                constructor(properties?: keyward.recording.v1.PolicyDecision.$Properties);
                $unknowns?: Uint8Array[];
                exchangeId: string;
                outcome: keyward.recording.v1.PolicyDecision.Outcome;
                rules: string[];
                message: string;
                actor: string;
                comment: string;
                code: string;
                static create(properties: keyward.recording.v1.PolicyDecision.$Shape): keyward.recording.v1.PolicyDecision & keyward.recording.v1.PolicyDecision.$Shape;
                static create(properties?: keyward.recording.v1.PolicyDecision.$Properties): keyward.recording.v1.PolicyDecision;
                static encode(message: keyward.recording.v1.PolicyDecision.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.recording.v1.PolicyDecision.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.recording.v1.PolicyDecision & keyward.recording.v1.PolicyDecision.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.recording.v1.PolicyDecision & keyward.recording.v1.PolicyDecision.$Shape;
            }

            namespace PolicyDecision {
                interface $Properties {
                    exchangeId?: (string|null);
                    outcome?: (keyward.recording.v1.PolicyDecision.Outcome|null);
                    rules?: (string[]|null);
                    message?: (string|null);
                    actor?: (string|null);
                    comment?: (string|null);
                    code?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.recording.v1.PolicyDecision.$Properties;

                enum Outcome {
                    OUTCOME_UNSPECIFIED = 0,
                    ALLOWED = 1,
                    BLOCKED = 2,
                    HELD = 3,
                    APPROVED = 4,
                    DENIED = 5,
                    TIMED_OUT = 6
                }
            }

            interface IResponseHead extends keyward.recording.v1.ResponseHead.$Properties {
            }

            class ResponseHead {
                constructor(properties?: keyward.recording.v1.ResponseHead.$Properties);
                $unknowns?: Uint8Array[];
                exchangeId: string;
                status: number;
                headers: keyward.recording.v1.Header.$Properties[];
                static create(properties: keyward.recording.v1.ResponseHead.$Shape): keyward.recording.v1.ResponseHead & keyward.recording.v1.ResponseHead.$Shape;
                static create(properties?: keyward.recording.v1.ResponseHead.$Properties): keyward.recording.v1.ResponseHead;
                static encode(message: keyward.recording.v1.ResponseHead.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.recording.v1.ResponseHead.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.recording.v1.ResponseHead & keyward.recording.v1.ResponseHead.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.recording.v1.ResponseHead & keyward.recording.v1.ResponseHead.$Shape;
            }

            namespace ResponseHead {
                interface $Properties {
                    exchangeId?: (string|null);
                    status?: (number|null);
                    headers?: (keyward.recording.v1.Header.$Properties[]|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.recording.v1.ResponseHead.$Properties;
            }

            interface IResponseChunk extends keyward.recording.v1.ResponseChunk.$Properties {
            }

            class ResponseChunk {
                constructor(properties?: keyward.recording.v1.ResponseChunk.$Properties);
                $unknowns?: Uint8Array[];
                exchangeId: string;
                atMs: number;
                data: Uint8Array;
                static create(properties: keyward.recording.v1.ResponseChunk.$Shape): keyward.recording.v1.ResponseChunk & keyward.recording.v1.ResponseChunk.$Shape;
                static create(properties?: keyward.recording.v1.ResponseChunk.$Properties): keyward.recording.v1.ResponseChunk;
                static encode(message: keyward.recording.v1.ResponseChunk.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.recording.v1.ResponseChunk.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.recording.v1.ResponseChunk & keyward.recording.v1.ResponseChunk.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.recording.v1.ResponseChunk & keyward.recording.v1.ResponseChunk.$Shape;
            }

            namespace ResponseChunk {
                interface $Properties {
                    exchangeId?: (string|null);
                    atMs?: (number|null);
                    data?: (Uint8Array|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.recording.v1.ResponseChunk.$Properties;
            }

            interface IMaskCounts extends keyward.recording.v1.MaskCounts.$Properties {
            }

            class MaskCounts {
                constructor(properties?: keyward.recording.v1.MaskCounts.$Properties);
                $unknowns?: Uint8Array[];
                exchangeId: string;
                side: keyward.recording.v1.MaskCounts.Side;
                counts: { [k: string]: number };
                static create(properties: keyward.recording.v1.MaskCounts.$Shape): keyward.recording.v1.MaskCounts & keyward.recording.v1.MaskCounts.$Shape;
                static create(properties?: keyward.recording.v1.MaskCounts.$Properties): keyward.recording.v1.MaskCounts;
                static encode(message: keyward.recording.v1.MaskCounts.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.recording.v1.MaskCounts.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.recording.v1.MaskCounts & keyward.recording.v1.MaskCounts.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.recording.v1.MaskCounts & keyward.recording.v1.MaskCounts.$Shape;
            }

            namespace MaskCounts {
                interface $Properties {
                    exchangeId?: (string|null);
                    side?: (keyward.recording.v1.MaskCounts.Side|null);
                    counts?: ({ [k: string]: number }|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.recording.v1.MaskCounts.$Properties;

                enum Side {
                    SIDE_UNSPECIFIED = 0,
                    REQUEST = 1,
                    RESPONSE = 2
                }
            }

            interface IUsage extends keyward.recording.v1.Usage.$Properties {
            }

            class Usage {
                constructor(properties?: keyward.recording.v1.Usage.$Properties);
                $unknowns?: Uint8Array[];
                exchangeId: string;
                inputTokens: (number|Long);
                outputTokens: (number|Long);
                cachedTokens: (number|Long);
                estimated: boolean;
                costMicroUsd: (number|Long);
                model: string;
                costNanoUsd: (number|Long);
                static create(properties: keyward.recording.v1.Usage.$Shape): keyward.recording.v1.Usage & keyward.recording.v1.Usage.$Shape;
                static create(properties?: keyward.recording.v1.Usage.$Properties): keyward.recording.v1.Usage;
                static encode(message: keyward.recording.v1.Usage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.recording.v1.Usage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.recording.v1.Usage & keyward.recording.v1.Usage.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.recording.v1.Usage & keyward.recording.v1.Usage.$Shape;
            }

            namespace Usage {
                interface $Properties {
                    exchangeId?: (string|null);
                    inputTokens?: (number|Long|null);
                    outputTokens?: (number|Long|null);
                    cachedTokens?: (number|Long|null);
                    estimated?: (boolean|null);
                    costMicroUsd?: (number|Long|null);
                    model?: (string|null);
                    costNanoUsd?: (number|Long|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.recording.v1.Usage.$Properties;
            }

            interface IExchangeEnd extends keyward.recording.v1.ExchangeEnd.$Properties {
            }

            class ExchangeEnd {
                constructor(properties?: keyward.recording.v1.ExchangeEnd.$Properties);
                $unknowns?: Uint8Array[];
                exchangeId: string;
                status: number;
                completed: boolean;
                errorCode: string;
                errorMessage: string;
                responseBytes: (number|Long);
                durationMs: number;
                static create(properties: keyward.recording.v1.ExchangeEnd.$Shape): keyward.recording.v1.ExchangeEnd & keyward.recording.v1.ExchangeEnd.$Shape;
                static create(properties?: keyward.recording.v1.ExchangeEnd.$Properties): keyward.recording.v1.ExchangeEnd;
                static encode(message: keyward.recording.v1.ExchangeEnd.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.recording.v1.ExchangeEnd.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.recording.v1.ExchangeEnd & keyward.recording.v1.ExchangeEnd.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.recording.v1.ExchangeEnd & keyward.recording.v1.ExchangeEnd.$Shape;
            }

            namespace ExchangeEnd {
                interface $Properties {
                    exchangeId?: (string|null);
                    status?: (number|null);
                    completed?: (boolean|null);
                    errorCode?: (string|null);
                    errorMessage?: (string|null);
                    responseBytes?: (number|Long|null);
                    durationMs?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.recording.v1.ExchangeEnd.$Properties;
            }

            interface ISessionEvent extends keyward.recording.v1.SessionEvent.$Properties {
            }

            class SessionEvent {
                constructor(properties?: keyward.recording.v1.SessionEvent.$Properties);
                $unknowns?: Uint8Array[];
                kind: keyward.recording.v1.SessionEvent.Kind;
                actor: string;
                reason: string;
                lockId: string;
                static create(properties: keyward.recording.v1.SessionEvent.$Shape): keyward.recording.v1.SessionEvent & keyward.recording.v1.SessionEvent.$Shape;
                static create(properties?: keyward.recording.v1.SessionEvent.$Properties): keyward.recording.v1.SessionEvent;
                static encode(message: keyward.recording.v1.SessionEvent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.recording.v1.SessionEvent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.recording.v1.SessionEvent & keyward.recording.v1.SessionEvent.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.recording.v1.SessionEvent & keyward.recording.v1.SessionEvent.$Shape;
            }

            namespace SessionEvent {
                interface $Properties {
                    kind?: (keyward.recording.v1.SessionEvent.Kind|null);
                    actor?: (string|null);
                    reason?: (string|null);
                    lockId?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.recording.v1.SessionEvent.$Properties;

                enum Kind {
                    KIND_UNSPECIFIED = 0,
                    KILLED = 1,
                    LOCKED = 2,
                    UNLOCKED = 3,
                    EXPIRED = 4,
                    IDLE_TIMEOUT = 5,
                    MAX_DURATION = 6,
                    POLICY_TERMINATED = 7
                }
            }

            interface ISizeCapReached extends keyward.recording.v1.SizeCapReached.$Properties {
            }

            class SizeCapReached {
                constructor(properties?: keyward.recording.v1.SizeCapReached.$Properties);
                $unknowns?: Uint8Array[];
                limitBytes: (number|Long);
                static create(properties: keyward.recording.v1.SizeCapReached.$Shape): keyward.recording.v1.SizeCapReached & keyward.recording.v1.SizeCapReached.$Shape;
                static create(properties?: keyward.recording.v1.SizeCapReached.$Properties): keyward.recording.v1.SizeCapReached;
                static encode(message: keyward.recording.v1.SizeCapReached.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.recording.v1.SizeCapReached.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.recording.v1.SizeCapReached & keyward.recording.v1.SizeCapReached.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.recording.v1.SizeCapReached & keyward.recording.v1.SizeCapReached.$Shape;
            }

            namespace SizeCapReached {
                interface $Properties {
                    limitBytes?: (number|Long|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.recording.v1.SizeCapReached.$Properties;
            }

            interface ISessionEnd extends keyward.recording.v1.SessionEnd.$Properties {
            }

            class SessionEnd {
                constructor(properties?: keyward.recording.v1.SessionEnd.$Properties);
                $unknowns?: Uint8Array[];
                reason: keyward.recording.v1.SessionEnd.Reason;
                detail: string;
                static create(properties: keyward.recording.v1.SessionEnd.$Shape): keyward.recording.v1.SessionEnd & keyward.recording.v1.SessionEnd.$Shape;
                static create(properties?: keyward.recording.v1.SessionEnd.$Properties): keyward.recording.v1.SessionEnd;
                static encode(message: keyward.recording.v1.SessionEnd.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.recording.v1.SessionEnd.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.recording.v1.SessionEnd & keyward.recording.v1.SessionEnd.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.recording.v1.SessionEnd & keyward.recording.v1.SessionEnd.$Shape;
            }

            namespace SessionEnd {
                interface $Properties {
                    reason?: (keyward.recording.v1.SessionEnd.Reason|null);
                    detail?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.recording.v1.SessionEnd.$Properties;

                enum Reason {
                    REASON_UNSPECIFIED = 0,
                    TOKEN_EXPIRED = 1,
                    IDLE = 2,
                    KILLED = 3,
                    RELAY_SHUTDOWN = 4,
                    LOCKED = 5,
                    MAX_DURATION = 6,
                    RECORDER_FAILED = 7
                }
            }

            interface ITrailer extends keyward.recording.v1.Trailer.$Properties {
            }

            class Trailer {
                constructor(properties?: keyward.recording.v1.Trailer.$Properties);
                $unknowns?: Uint8Array[];
                recordCount: (number|Long);
                finalHash: Uint8Array;
                truncated: boolean;
                sealedUnixMs: (number|Long);
                signature: Uint8Array;
                finalChain: Uint8Array;
                static create(properties: keyward.recording.v1.Trailer.$Shape): keyward.recording.v1.Trailer & keyward.recording.v1.Trailer.$Shape;
                static create(properties?: keyward.recording.v1.Trailer.$Properties): keyward.recording.v1.Trailer;
                static encode(message: keyward.recording.v1.Trailer.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.recording.v1.Trailer.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.recording.v1.Trailer & keyward.recording.v1.Trailer.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.recording.v1.Trailer & keyward.recording.v1.Trailer.$Shape;
            }

            namespace Trailer {
                interface $Properties {
                    recordCount?: (number|Long|null);
                    finalHash?: (Uint8Array|null);
                    truncated?: (boolean|null);
                    sealedUnixMs?: (number|Long|null);
                    signature?: (Uint8Array|null);
                    finalChain?: (Uint8Array|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.recording.v1.Trailer.$Properties;
            }
        }
    }
}
