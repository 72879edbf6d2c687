import * as $protobuf from "protobufjs";
import Long = require("long");

export namespace keyward {

    namespace tunnel {

        namespace v1 {

            interface IHeader extends keyward.tunnel.v1.Header.$Properties {
            }

            class Header {
                constructor(properties?: keyward.tunnel.v1.Header.$Properties);
                $unknowns?: Uint8Array[];
                name: string;
                value: string;
                static create(properties: keyward.tunnel.v1.Header.$Shape): keyward.tunnel.v1.Header & keyward.tunnel.v1.Header.$Shape;
                static create(properties?: keyward.tunnel.v1.Header.$Properties): keyward.tunnel.v1.Header;
                static encode(message: keyward.tunnel.v1.Header.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.tunnel.v1.Header.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.tunnel.v1.Header & keyward.tunnel.v1.Header.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.tunnel.v1.Header & keyward.tunnel.v1.Header.$Shape;
            }

            namespace Header {
                interface $Properties {
                    name?: (string|null);
                    value?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.tunnel.v1.Header.$Properties;
            }

            interface IHello extends keyward.tunnel.v1.Hello.$Properties {
            }

            class Hello {
                constructor(properties?: keyward.tunnel.v1.Hello.$Properties);
                $unknowns?: Uint8Array[];
                agentId: string;
                connections: string[];
                version: string;
                capabilities: number;
                static create(properties: keyward.tunnel.v1.Hello.$Shape): keyward.tunnel.v1.Hello & keyward.tunnel.v1.Hello.$Shape;
                static create(properties?: keyward.tunnel.v1.Hello.$Properties): keyward.tunnel.v1.Hello;
                static encode(message: keyward.tunnel.v1.Hello.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.tunnel.v1.Hello.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.tunnel.v1.Hello & keyward.tunnel.v1.Hello.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.tunnel.v1.Hello & keyward.tunnel.v1.Hello.$Shape;
            }

            namespace Hello {
                interface $Properties {
                    agentId?: (string|null);
                    connections?: (string[]|null);
                    version?: (string|null);
                    capabilities?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.tunnel.v1.Hello.$Properties;
            }

            interface IWelcome extends keyward.tunnel.v1.Welcome.$Properties {
            }

            class Welcome {
                constructor(properties?: keyward.tunnel.v1.Welcome.$Properties);
                $unknowns?: Uint8Array[];
                relayId: string;
                maxFrameBytes: number;
                initialWindowBytes: number;
                capabilities: number;
                static create(properties: keyward.tunnel.v1.Welcome.$Shape): keyward.tunnel.v1.Welcome & keyward.tunnel.v1.Welcome.$Shape;
                static create(properties?: keyward.tunnel.v1.Welcome.$Properties): keyward.tunnel.v1.Welcome;
                static encode(message: keyward.tunnel.v1.Welcome.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.tunnel.v1.Welcome.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.tunnel.v1.Welcome & keyward.tunnel.v1.Welcome.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.tunnel.v1.Welcome & keyward.tunnel.v1.Welcome.$Shape;
            }

            namespace Welcome {
                interface $Properties {
                    relayId?: (string|null);
                    maxFrameBytes?: (number|null);
                    initialWindowBytes?: (number|null);
                    capabilities?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.tunnel.v1.Welcome.$Properties;
            }

            interface IOpen extends keyward.tunnel.v1.Open.$Properties {
            }

            class Open {
                constructor(properties?: keyward.tunnel.v1.Open.$Properties);
                $unknowns?: Uint8Array[];
                connection: string;
                method: string;
                path: string;
                headers: keyward.tunnel.v1.Header.$Properties[];
                exchangeId: string;
                windowBytes: number;
                body: Uint8Array;
                endStream: boolean;
                static create(properties: keyward.tunnel.v1.Open.$Shape): keyward.tunnel.v1.Open & keyward.tunnel.v1.Open.$Shape;
                static create(properties?: keyward.tunnel.v1.Open.$Properties): keyward.tunnel.v1.Open;
                static encode(message: keyward.tunnel.v1.Open.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.tunnel.v1.Open.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.tunnel.v1.Open & keyward.tunnel.v1.Open.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.tunnel.v1.Open & keyward.tunnel.v1.Open.$Shape;
            }

            namespace Open {
                interface $Properties {
                    connection?: (string|null);
                    method?: (string|null);
                    path?: (string|null);
                    headers?: (keyward.tunnel.v1.Header.$Properties[]|null);
                    exchangeId?: (string|null);
                    windowBytes?: (number|null);
                    body?: (Uint8Array|null);
                    endStream?: (boolean|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.tunnel.v1.Open.$Properties;
            }

            interface IHead extends keyward.tunnel.v1.Head.$Properties {
            }

            class Head {
                constructor(properties?: keyward.tunnel.v1.Head.$Properties);
                $unknowns?: Uint8Array[];
                status: number;
                headers: keyward.tunnel.v1.Header.$Properties[];
                windowBytes: number;
                body: Uint8Array;
                endStream: boolean;
                static create(properties: keyward.tunnel.v1.Head.$Shape): keyward.tunnel.v1.Head & keyward.tunnel.v1.Head.$Shape;
                static create(properties?: keyward.tunnel.v1.Head.$Properties): keyward.tunnel.v1.Head;
                static encode(message: keyward.tunnel.v1.Head.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.tunnel.v1.Head.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.tunnel.v1.Head & keyward.tunnel.v1.Head.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.tunnel.v1.Head & keyward.tunnel.v1.Head.$Shape;
            }

            namespace Head {
                interface $Properties {
                    status?: (number|null);
                    headers?: (keyward.tunnel.v1.Header.$Properties[]|null);
                    windowBytes?: (number|null);
                    body?: (Uint8Array|null);
                    endStream?: (boolean|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.tunnel.v1.Head.$Properties;
            }

            interface IData extends keyward.tunnel.v1.Data.$Properties {
            }

            class Data {
                constructor(properties?: keyward.tunnel.v1.Data.$Properties);
                $unknowns?: Uint8Array[];
                chunk: Uint8Array;
                endStream: boolean;
                static create(properties: keyward.tunnel.v1.Data.$Shape): keyward.tunnel.v1.Data & keyward.tunnel.v1.Data.$Shape;
                static create(properties?: keyward.tunnel.v1.Data.$Properties): keyward.tunnel.v1.Data;
                static encode(message: keyward.tunnel.v1.Data.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.tunnel.v1.Data.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.tunnel.v1.Data & keyward.tunnel.v1.Data.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.tunnel.v1.Data & keyward.tunnel.v1.Data.$Shape;
            }

            namespace Data {
                interface $Properties {
                    chunk?: (Uint8Array|null);
                    endStream?: (boolean|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.tunnel.v1.Data.$Properties;
            }

            interface IEnd extends keyward.tunnel.v1.End.$Properties {
            }

            class End {
                constructor(properties?: keyward.tunnel.v1.End.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: keyward.tunnel.v1.End.$Shape): keyward.tunnel.v1.End & keyward.tunnel.v1.End.$Shape;
                static create(properties?: keyward.tunnel.v1.End.$Properties): keyward.tunnel.v1.End;
                static encode(message: keyward.tunnel.v1.End.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.tunnel.v1.End.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.tunnel.v1.End & keyward.tunnel.v1.End.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.tunnel.v1.End & keyward.tunnel.v1.End.$Shape;
            }

            namespace End {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.tunnel.v1.End.$Properties;
            }

            interface IReset extends keyward.tunnel.v1.Reset.$Properties {
            }

            class Reset {
                constructor(properties?: keyward.tunnel.v1.Reset.$Properties);
                $unknowns?: Uint8Array[];
                code: string;
                message: string;
                static create(properties: keyward.tunnel.v1.Reset.$Shape): keyward.tunnel.v1.Reset & keyward.tunnel.v1.Reset.$Shape;
                static create(properties?: keyward.tunnel.v1.Reset.$Properties): keyward.tunnel.v1.Reset;
                static encode(message: keyward.tunnel.v1.Reset.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.tunnel.v1.Reset.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.tunnel.v1.Reset & keyward.tunnel.v1.Reset.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.tunnel.v1.Reset & keyward.tunnel.v1.Reset.$Shape;
            }

            namespace Reset {
                interface $Properties {
                    code?: (string|null);
                    message?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.tunnel.v1.Reset.$Properties;
            }

            interface ICredit extends keyward.tunnel.v1.Credit.$Properties {
            }

            class Credit {
                constructor(properties?: keyward.tunnel.v1.Credit.$Properties);
                $unknowns?: Uint8Array[];
                bytes: number;
                static create(properties: keyward.tunnel.v1.Credit.$Shape): keyward.tunnel.v1.Credit & keyward.tunnel.v1.Credit.$Shape;
                static create(properties?: keyward.tunnel.v1.Credit.$Properties): keyward.tunnel.v1.Credit;
                static encode(message: keyward.tunnel.v1.Credit.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.tunnel.v1.Credit.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.tunnel.v1.Credit & keyward.tunnel.v1.Credit.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.tunnel.v1.Credit & keyward.tunnel.v1.Credit.$Shape;
            }

            namespace Credit {
                interface $Properties {
                    bytes?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.tunnel.v1.Credit.$Properties;
            }

            interface IGoAway extends keyward.tunnel.v1.GoAway.$Properties {
            }

            class GoAway {
                constructor(properties?: keyward.tunnel.v1.GoAway.$Properties);
                $unknowns?: Uint8Array[];
                code: string;
                message: string;
                lastStreamId: number;
                static create(properties: keyward.tunnel.v1.GoAway.$Shape): keyward.tunnel.v1.GoAway & keyward.tunnel.v1.GoAway.$Shape;
                static create(properties?: keyward.tunnel.v1.GoAway.$Properties): keyward.tunnel.v1.GoAway;
                static encode(message: keyward.tunnel.v1.GoAway.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.tunnel.v1.GoAway.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.tunnel.v1.GoAway & keyward.tunnel.v1.GoAway.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.tunnel.v1.GoAway & keyward.tunnel.v1.GoAway.$Shape;
            }

            namespace GoAway {
                interface $Properties {
                    code?: (string|null);
                    message?: (string|null);
                    lastStreamId?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = keyward.tunnel.v1.GoAway.$Properties;
            }

            interface IFrame extends keyward.tunnel.v1.Frame.$Properties {
            }

            class Frame {
                constructor(properties?: keyward.tunnel.v1.Frame.$Properties);
                $unknowns?: Uint8Array[];
                streamId: number;
                seq: number;
                hello?: (keyward.tunnel.v1.Hello.$Properties|null);
                welcome?: (keyward.tunnel.v1.Welcome.$Properties|null);
                open?: (keyward.tunnel.v1.Open.$Properties|null);
                head?: (keyward.tunnel.v1.Head.$Properties|null);
                data?: (keyward.tunnel.v1.Data.$Properties|null);
                end?: (keyward.tunnel.v1.End.$Properties|null);
                reset?: (keyward.tunnel.v1.Reset.$Properties|null);
                credit?: (keyward.tunnel.v1.Credit.$Properties|null);
                goAway?: (keyward.tunnel.v1.GoAway.$Properties|null);
                kind?: ("hello"|"welcome"|"open"|"head"|"data"|"end"|"reset"|"credit"|"goAway");
                static create(properties: keyward.tunnel.v1.Frame.$Shape): keyward.tunnel.v1.Frame & keyward.tunnel.v1.Frame.$Shape;
                static create(properties?: keyward.tunnel.v1.Frame.$Properties): keyward.tunnel.v1.Frame;
                static encode(message: keyward.tunnel.v1.Frame.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: keyward.tunnel.v1.Frame.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): keyward.tunnel.v1.Frame & keyward.tunnel.v1.Frame.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): keyward.tunnel.v1.Frame & keyward.tunnel.v1.Frame.$Shape;
            }

            namespace Frame {
                interface $Properties {
                    streamId?: (number|null);
                    seq?: (number|null);
                    hello?: (keyward.tunnel.v1.Hello.$Properties|null);
                    welcome?: (keyward.tunnel.v1.Welcome.$Properties|null);
                    open?: (keyward.tunnel.v1.Open.$Properties|null);
                    head?: (keyward.tunnel.v1.Head.$Properties|null);
                    data?: (keyward.tunnel.v1.Data.$Properties|null);
                    end?: (keyward.tunnel.v1.End.$Properties|null);
                    reset?: (keyward.tunnel.v1.Reset.$Properties|null);
                    credit?: (keyward.tunnel.v1.Credit.$Properties|null);
                    goAway?: (keyward.tunnel.v1.GoAway.$Properties|null);
                    kind?: ("hello"|"welcome"|"open"|"head"|"data"|"end"|"reset"|"credit"|"goAway");
                    $unknowns?: Uint8Array[];
                }
                type $Shape = {
                  streamId?: number|null;
                  seq?: number|null;
                  hello?: keyward.tunnel.v1.Hello.$Shape|null;
                  welcome?: keyward.tunnel.v1.Welcome.$Shape|null;
                  open?: keyward.tunnel.v1.Open.$Shape|null;
                  head?: keyward.tunnel.v1.Head.$Shape|null;
                  data?: keyward.tunnel.v1.Data.$Shape|null;
                  end?: keyward.tunnel.v1.End.$Shape|null;
                  reset?: keyward.tunnel.v1.Reset.$Shape|null;
                  credit?: keyward.tunnel.v1.Credit.$Shape|null;
                  goAway?: keyward.tunnel.v1.GoAway.$Shape|null;
                  $unknowns?: Uint8Array[];
                } & (
                  ({ kind?: undefined; hello?: null; welcome?: null; open?: null; head?: null; data?: null; end?: null; reset?: null; credit?: null; goAway?: null }|{ kind?: "hello"; hello: keyward.tunnel.v1.Hello.$Shape; welcome?: null; open?: null; head?: null; data?: null; end?: null; reset?: null; credit?: null; goAway?: null }|{ kind?: "welcome"; hello?: null; welcome: keyward.tunnel.v1.Welcome.$Shape; open?: null; head?: null; data?: null; end?: null; reset?: null; credit?: null; goAway?: null }|{ kind?: "open"; hello?: null; welcome?: null; open: keyward.tunnel.v1.Open.$Shape; head?: null; data?: null; end?: null; reset?: null; credit?: null; goAway?: null }|{ kind?: "head"; hello?: null; welcome?: null; open?: null; head: keyward.tunnel.v1.Head.$Shape; data?: null; end?: null; reset?: null; credit?: null; goAway?: null }|{ kind?: "data"; hello?: null; welcome?: null; open?: null; head?: null; data: keyward.tunnel.v1.Data.$Shape; end?: null; reset?: null; credit?: null; goAway?: null }|{ kind?: "end"; hello?: null; welcome?: null; open?: null; head?: null; data?: null; end: keyward.tunnel.v1.End.$Shape; reset?: null; credit?: null; goAway?: null }|{ kind?: "reset"; hello?: null; welcome?: null; open?: null; head?: null; data?: null; end?: null; reset: keyward.tunnel.v1.Reset.$Shape; credit?: null; goAway?: null }|{ kind?: "credit"; hello?: null; welcome?: null; open?: null; head?: null; data?: null; end?: null; reset?: null; credit: keyward.tunnel.v1.Credit.$Shape; goAway?: null }|{ kind?: "goAway"; hello?: null; welcome?: null; open?: null; head?: null; data?: null; end?: null; reset?: null; credit?: null; goAway: keyward.tunnel.v1.GoAway.$Shape })
                );
            }
        }
    }
}
