/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
const $root = $protobuf.roots["recording"] || ($protobuf.roots["recording"] = {});

export const keyward = $root.keyward = (() => {

    /**
     * Namespace keyward.
     * @exports keyward
     * @namespace
     */
    const keyward = {};

    keyward.recording = (function() {

        /**
         * Namespace recording.
         * @memberof keyward
         * @namespace
         */
        const recording = {};

        recording.v1 = (function() {

            /**
             * Namespace v1.
             * @memberof keyward.recording
             * @namespace
             */
            const v1 = {};

            v1.Frame = (function() {

                /**
                 * Properties of a Frame.
                 * @typedef {Object} keyward.recording.v1.Frame.$Properties
                 * @property {Uint8Array|null} [record] Frame record
                 * @property {number|null} [crc32] Frame crc32
                 * @property {Uint8Array|null} [nonce] Frame nonce
                 * @property {Uint8Array|null} [chain] Frame chain
                 * @property {number|Long|null} [seq] Frame seq
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a Frame.
                 * @memberof keyward.recording.v1
                 * @interface IFrame
                 * @augments keyward.recording.v1.Frame.$Properties
                 * @deprecated Use keyward.recording.v1.Frame.$Properties instead.
                 */

                /**
                 * Shape of a Frame.
                 * @typedef {keyward.recording.v1.Frame.$Properties} keyward.recording.v1.Frame.$Shape
                 */

                /**
                 * Constructs a new Frame.
                 * @memberof keyward.recording.v1
                 * @classdesc Represents a Frame.
                 * @constructor
                 * @param {keyward.recording.v1.Frame.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const Frame = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * Frame record.
                 * @member {Uint8Array} record
                 * @memberof keyward.recording.v1.Frame
                 * @instance
                 */
                Frame.prototype.record = $util.newBuffer([]);

                /**
                 * Frame crc32.
                 * @member {number} crc32
                 * @memberof keyward.recording.v1.Frame
                 * @instance
                 */
                Frame.prototype.crc32 = 0;

                /**
                 * Frame nonce.
                 * @member {Uint8Array} nonce
                 * @memberof keyward.recording.v1.Frame
                 * @instance
                 */
                Frame.prototype.nonce = $util.newBuffer([]);

                /**
                 * Frame chain.
                 * @member {Uint8Array} chain
                 * @memberof keyward.recording.v1.Frame
                 * @instance
                 */
                Frame.prototype.chain = $util.newBuffer([]);

                /**
                 * Frame seq.
                 * @member {number|Long} seq
                 * @memberof keyward.recording.v1.Frame
                 * @instance
                 */
                Frame.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                /**
                 * Creates a new Frame instance using the specified properties.
                 * @function create
                 * @memberof keyward.recording.v1.Frame
                 * @static
                 * @param {keyward.recording.v1.Frame.$Properties=} [properties] Properties to set
                 * @returns {keyward.recording.v1.Frame} Frame instance
                 * @type {{
                 *   (properties: keyward.recording.v1.Frame.$Shape): keyward.recording.v1.Frame & keyward.recording.v1.Frame.$Shape;
                 *   (properties?: keyward.recording.v1.Frame.$Properties): keyward.recording.v1.Frame;
                 * }}
                 */
                Frame.create = function(properties) {
                    return new Frame(properties);
                };

                /**
                 * Encodes the specified Frame message. Does not implicitly {@link keyward.recording.v1.Frame.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.recording.v1.Frame
                 * @static
                 * @param {keyward.recording.v1.Frame.$Properties} message Frame message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Frame.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.record != null && $Object.hasOwnProperty.call(message, "record") && message.record.length)
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.record);
                    if (message.crc32 != null && $Object.hasOwnProperty.call(message, "crc32") && message.crc32 !== 0)
                        writer.uint32(/* id 2, wireType 5 =*/21).fixed32(message.crc32);
                    if (message.nonce != null && $Object.hasOwnProperty.call(message, "nonce") && message.nonce.length)
                        writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.nonce);
                    if (message.chain != null && $Object.hasOwnProperty.call(message, "chain") && message.chain.length)
                        writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.chain);
                    if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                        writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.seq);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified Frame message, length delimited. Does not implicitly {@link keyward.recording.v1.Frame.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.recording.v1.Frame
                 * @static
                 * @param {keyward.recording.v1.Frame.$Properties} message Frame message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Frame.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a Frame message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.recording.v1.Frame
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.recording.v1.Frame & keyward.recording.v1.Frame.$Shape} Frame
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Frame.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.keyward.recording.v1.Frame();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.bytes()).length)
                                    message.record = value;
                                else
                                    delete message.record;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 5)
                                    break;
                                if (value = reader.fixed32())
                                    message.crc32 = value;
                                else
                                    delete message.crc32;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.bytes()).length)
                                    message.nonce = value;
                                else
                                    delete message.nonce;
                                continue;
                            }
                        case 4: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.bytes()).length)
                                    message.chain = value;
                                else
                                    delete message.chain;
                                continue;
                            }
                        case 5: {
                                if (wireType !== 0)
                                    break;
                                if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                    message.seq = value;
                                else
                                    delete message.seq;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Decodes a Frame message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.recording.v1.Frame
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.recording.v1.Frame & keyward.recording.v1.Frame.$Shape} Frame
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Frame.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return Frame;
            })();

            v1.Header = (function() {

                /**
                 * Properties of a Header.
                 * @typedef {Object} keyward.recording.v1.Header.$Properties
                 * @property {string|null} [name] Header name
                 * @property {string|null} [value] Header value
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a Header.
                 * @memberof keyward.recording.v1
                 * @interface IHeader
                 * @augments keyward.recording.v1.Header.$Properties
                 * @deprecated Use keyward.recording.v1.Header.$Properties instead.
                 */

                /**
                 * Shape of a Header.
                 * @typedef {keyward.recording.v1.Header.$Properties} keyward.recording.v1.Header.$Shape
                 */

                /**
                 * Constructs a new Header.
                 * @memberof keyward.recording.v1
                 * @classdesc Represents a Header.
                 * @constructor
                 * @param {keyward.recording.v1.Header.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const Header = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * Header name.
                 * @member {string} name
                 * @memberof keyward.recording.v1.Header
                 * @instance
                 */
                Header.prototype.name = "";

                /**
                 * Header value.
                 * @member {string} value
                 * @memberof keyward.recording.v1.Header
                 * @instance
                 */
                Header.prototype.value = "";

                /**
                 * Creates a new Header instance using the specified properties.
                 * @function create
                 * @memberof keyward.recording.v1.Header
                 * @static
                 * @param {keyward.recording.v1.Header.$Properties=} [properties] Properties to set
                 * @returns {keyward.recording.v1.Header} Header instance
                 * @type {{
                 *   (properties: keyward.recording.v1.Header.$Shape): keyward.recording.v1.Header & keyward.recording.v1.Header.$Shape;
                 *   (properties?: keyward.recording.v1.Header.$Properties): keyward.recording.v1.Header;
                 * }}
                 */
                Header.create = function(properties) {
                    return new Header(properties);
                };

                /**
                 * Encodes the specified Header message. Does not implicitly {@link keyward.recording.v1.Header.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.recording.v1.Header
                 * @static
                 * @param {keyward.recording.v1.Header.$Properties} message Header message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Header.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
                    if (message.value != null && $Object.hasOwnProperty.call(message, "value") && message.value !== "")
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.value);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified Header message, length delimited. Does not implicitly {@link keyward.recording.v1.Header.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.recording.v1.Header
                 * @static
                 * @param {keyward.recording.v1.Header.$Properties} message Header message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Header.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a Header message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.recording.v1.Header
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.recording.v1.Header & keyward.recording.v1.Header.$Shape} Header
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Header.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.keyward.recording.v1.Header();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.name = value;
                                else
                                    delete message.name;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.value = value;
                                else
                                    delete message.value;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Decodes a Header message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.recording.v1.Header
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.recording.v1.Header & keyward.recording.v1.Header.$Shape} Header
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Header.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return Header;
            })();

            v1.Record = (function() {

                /**
                 * Properties of a Record.
                 * @typedef {Object} keyward.recording.v1.Record.$Properties
                 * @property {number|Long|null} [seq] Record seq
                 * @property {number|Long|null} [timeUnixMs] Record timeUnixMs
                 * @property {Uint8Array|null} [prevHash] Record prevHash
                 * @property {keyward.recording.v1.FileHeader.$Properties|null} [header] Record header
                 * @property {keyward.recording.v1.SessionStart.$Properties|null} [sessionStart] Record sessionStart
                 * @property {keyward.recording.v1.ExchangeStart.$Properties|null} [exchangeStart] Record exchangeStart
                 * @property {keyward.recording.v1.RequestBody.$Properties|null} [requestBody] Record requestBody
                 * @property {keyward.recording.v1.PolicyDecision.$Properties|null} [policy] Record policy
                 * @property {keyward.recording.v1.ResponseHead.$Properties|null} [responseHead] Record responseHead
                 * @property {keyward.recording.v1.ResponseChunk.$Properties|null} [responseChunk] Record responseChunk
                 * @property {keyward.recording.v1.MaskCounts.$Properties|null} [maskCounts] Record maskCounts
                 * @property {keyward.recording.v1.Usage.$Properties|null} [usage] Record usage
                 * @property {keyward.recording.v1.ExchangeEnd.$Properties|null} [exchangeEnd] Record exchangeEnd
                 * @property {keyward.recording.v1.SessionEvent.$Properties|null} [event] Record event
                 * @property {keyward.recording.v1.SizeCapReached.$Properties|null} [sizeCap] Record sizeCap
                 * @property {keyward.recording.v1.SessionEnd.$Properties|null} [sessionEnd] Record sessionEnd
                 * @property {keyward.recording.v1.Trailer.$Properties|null} [trailer] Record trailer
                 * @property {keyward.recording.v1.Bundle.$Properties|null} [bundle] Record bundle
                 * @property {"header"|"sessionStart"|"exchangeStart"|"requestBody"|"policy"|"responseHead"|"responseChunk"|"maskCounts"|"usage"|"exchangeEnd"|"event"|"sizeCap"|"sessionEnd"|"trailer"|"bundle"} [body] Record body
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a Record.
                 * @memberof keyward.recording.v1
                 * @interface IRecord
                 * @augments keyward.recording.v1.Record.$Properties
                 * @deprecated Use keyward.recording.v1.Record.$Properties instead.
                 */

                /**
                 * Narrowed shape of a Record.
                 * @typedef {{
                 *   seq?: number|Long|null;
                 *   timeUnixMs?: number|Long|null;
                 *   prevHash?: Uint8Array|null;
                 *   header?: keyward.recording.v1.FileHeader.$Shape|null;
                 *   sessionStart?: keyward.recording.v1.SessionStart.$Shape|null;
                 *   exchangeStart?: keyward.recording.v1.ExchangeStart.$Shape|null;
                 *   requestBody?: keyward.recording.v1.RequestBody.$Shape|null;
                 *   policy?: keyward.recording.v1.PolicyDecision.$Shape|null;
                 *   responseHead?: keyward.recording.v1.ResponseHead.$Shape|null;
                 *   responseChunk?: keyward.recording.v1.ResponseChunk.$Shape|null;
                 *   maskCounts?: keyward.recording.v1.MaskCounts.$Shape|null;
                 *   usage?: keyward.recording.v1.Usage.$Shape|null;
                 *   exchangeEnd?: keyward.recording.v1.ExchangeEnd.$Shape|null;
                 *   event?: keyward.recording.v1.SessionEvent.$Shape|null;
                 *   sizeCap?: keyward.recording.v1.SizeCapReached.$Shape|null;
                 *   sessionEnd?: keyward.recording.v1.SessionEnd.$Shape|null;
                 *   trailer?: keyward.recording.v1.Trailer.$Shape|null;
                 *   bundle?: keyward.recording.v1.Bundle.$Shape|null;
                 *   $unknowns?: Array.<Uint8Array>;
                 * } & (
                 *   ({ body?: undefined; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "header"; header: keyward.recording.v1.FileHeader.$Shape; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "sessionStart"; header?: null; sessionStart: keyward.recording.v1.SessionStart.$Shape; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "exchangeStart"; header?: null; sessionStart?: null; exchangeStart: keyward.recording.v1.ExchangeStart.$Shape; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "requestBody"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody: keyward.recording.v1.RequestBody.$Shape; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "policy"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy: keyward.recording.v1.PolicyDecision.$Shape; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "responseHead"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead: keyward.recording.v1.ResponseHead.$Shape; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "responseChunk"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk: keyward.recording.v1.ResponseChunk.$Shape; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "maskCounts"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts: keyward.recording.v1.MaskCounts.$Shape; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "usage"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage: keyward.recording.v1.Usage.$Shape; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "exchangeEnd"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd: keyward.recording.v1.ExchangeEnd.$Shape; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "event"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event: keyward.recording.v1.SessionEvent.$Shape; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "sizeCap"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap: keyward.recording.v1.SizeCapReached.$Shape; sessionEnd?: null; trailer?: null; bundle?: null }|{ body?: "sessionEnd"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd: keyward.recording.v1.SessionEnd.$Shape; trailer?: null; bundle?: null }|{ body?: "trailer"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer: keyward.recording.v1.Trailer.$Shape; bundle?: null }|{ body?: "bundle"; header?: null; sessionStart?: null; exchangeStart?: null; requestBody?: null; policy?: null; responseHead?: null; responseChunk?: null; maskCounts?: null; usage?: null; exchangeEnd?: null; event?: null; sizeCap?: null; sessionEnd?: null; trailer?: null; bundle: keyward.recording.v1.Bundle.$Shape })
                 * )} keyward.recording.v1.Record.$Shape
                 */

                /**
                 * Constructs a new Record.
                 * @memberof keyward.recording.v1
                 * @classdesc Represents a Record.
                 * @constructor
                 * @param {keyward.recording.v1.Record.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const Record = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * Record seq.
                 * @member {number|Long} seq
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                Record.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                /**
                 * Record timeUnixMs.
                 * @member {number|Long} timeUnixMs
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                Record.prototype.timeUnixMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

                /**
                 * Record prevHash.
                 * @member {Uint8Array} prevHash
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                Record.prototype.prevHash = $util.newBuffer([]);

                /**
                 * Record header.
                 * @member {keyward.recording.v1.FileHeader.$Properties|null|undefined} header
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                Record.prototype.header = null;

                /**
                 * Record sessionStart.
                 * @member {keyward.recording.v1.SessionStart.$Properties|null|undefined} sessionStart
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                Record.prototype.sessionStart = null;

                /**
                 * Record exchangeStart.
                 * @member {keyward.recording.v1.ExchangeStart.$Properties|null|undefined} exchangeStart
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                Record.prototype.exchangeStart = null;

                /**
                 * Record requestBody.
                 * @member {keyward.recording.v1.RequestBody.$Properties|null|undefined} requestBody
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                Record.prototype.requestBody = null;

                /**
                 * Record policy.
                 * @member {keyward.recording.v1.PolicyDecision.$Properties|null|undefined} policy
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                Record.prototype.policy = null;

                /**
                 * Record responseHead.
                 * @member {keyward.recording.v1.ResponseHead.$Properties|null|undefined} responseHead
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                Record.prototype.responseHead = null;

                /**
                 * Record responseChunk.
                 * @member {keyward.recording.v1.ResponseChunk.$Properties|null|undefined} responseChunk
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                Record.prototype.responseChunk = null;

                /**
                 * Record maskCounts.
                 * @member {keyward.recording.v1.MaskCounts.$Properties|null|undefined} maskCounts
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                Record.prototype.maskCounts = null;

                /**
                 * Record usage.
                 * @member {keyward.recording.v1.Usage.$Properties|null|undefined} usage
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                Record.prototype.usage = null;

                /**
                 * Record exchangeEnd.
                 * @member {keyward.recording.v1.ExchangeEnd.$Properties|null|undefined} exchangeEnd
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                Record.prototype.exchangeEnd = null;

                /**
                 * Record event.
                 * @member {keyward.recording.v1.SessionEvent.$Properties|null|undefined} event
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                Record.prototype.event = null;

                /**
                 * Record sizeCap.
                 * @member {keyward.recording.v1.SizeCapReached.$Properties|null|undefined} sizeCap
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                Record.prototype.sizeCap = null;

                /**
                 * Record sessionEnd.
                 * @member {keyward.recording.v1.SessionEnd.$Properties|null|undefined} sessionEnd
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                Record.prototype.sessionEnd = null;

                /**
                 * Record trailer.
                 * @member {keyward.recording.v1.Trailer.$Properties|null|undefined} trailer
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                Record.prototype.trailer = null;

                /**
                 * Record bundle.
                 * @member {keyward.recording.v1.Bundle.$Properties|null|undefined} bundle
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                Record.prototype.bundle = null;

                // OneOf field names bound to virtual getters and setters
                let $oneOfFields;

                /**
                 * Record body.
                 * @member {"header"|"sessionStart"|"exchangeStart"|"requestBody"|"policy"|"responseHead"|"responseChunk"|"maskCounts"|"usage"|"exchangeEnd"|"event"|"sizeCap"|"sessionEnd"|"trailer"|"bundle"|undefined} body
                 * @memberof keyward.recording.v1.Record
                 * @instance
                 */
                $Object.defineProperty(Record.prototype, "body", {
                    get: $util.oneOfGetter($oneOfFields = ["header", "sessionStart", "exchangeStart", "requestBody", "policy", "responseHead", "responseChunk", "maskCounts", "usage", "exchangeEnd", "event", "sizeCap", "sessionEnd", "trailer", "bundle"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                /**
                 * Creates a new Record instance using the specified properties.
                 * @function create
                 * @memberof keyward.recording.v1.Record
                 * @static
                 * @param {keyward.recording.v1.Record.$Properties=} [properties] Properties to set
                 * @returns {keyward.recording.v1.Record} Record instance
                 * @type {{
                 *   (properties: keyward.recording.v1.Record.$Shape): keyward.recording.v1.Record & keyward.recording.v1.Record.$Shape;
                 *   (properties?: keyward.recording.v1.Record.$Properties): keyward.recording.v1.Record;
                 * }}
                 */
                Record.create = function(properties) {
                    return new Record(properties);
                };

                /**
                 * Encodes the specified Record message. Does not implicitly {@link keyward.recording.v1.Record.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.recording.v1.Record
                 * @static
                 * @param {keyward.recording.v1.Record.$Properties} message Record message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Record.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                        writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seq);
                    if (message.timeUnixMs != null && $Object.hasOwnProperty.call(message, "timeUnixMs") && (typeof message.timeUnixMs === "object" ? message.timeUnixMs.low || message.timeUnixMs.high : message.timeUnixMs !== 0))
                        writer.uint32(/* id 2, wireType 0 =*/16).int64(message.timeUnixMs);
                    if (message.prevHash != null && $Object.hasOwnProperty.call(message, "prevHash") && message.prevHash.length)
                        writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.prevHash);
                    if (message.header != null && $Object.hasOwnProperty.call(message, "header"))
                        $root.keyward.recording.v1.FileHeader.encode(message.header, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                    if (message.sessionStart != null && $Object.hasOwnProperty.call(message, "sessionStart"))
                        $root.keyward.recording.v1.SessionStart.encode(message.sessionStart, writer.uint32(/* id 11, wireType 2 =*/90).fork(), _depth + 1).ldelim();
                    if (message.exchangeStart != null && $Object.hasOwnProperty.call(message, "exchangeStart"))
                        $root.keyward.recording.v1.ExchangeStart.encode(message.exchangeStart, writer.uint32(/* id 12, wireType 2 =*/98).fork(), _depth + 1).ldelim();
                    if (message.requestBody != null && $Object.hasOwnProperty.call(message, "requestBody"))
                        $root.keyward.recording.v1.RequestBody.encode(message.requestBody, writer.uint32(/* id 13, wireType 2 =*/106).fork(), _depth + 1).ldelim();
                    if (message.policy != null && $Object.hasOwnProperty.call(message, "policy"))
                        $root.keyward.recording.v1.PolicyDecision.encode(message.policy, writer.uint32(/* id 14, wireType 2 =*/114).fork(), _depth + 1).ldelim();
                    if (message.responseHead != null && $Object.hasOwnProperty.call(message, "responseHead"))
                        $root.keyward.recording.v1.ResponseHead.encode(message.responseHead, writer.uint32(/* id 15, wireType 2 =*/122).fork(), _depth + 1).ldelim();
                    if (message.responseChunk != null && $Object.hasOwnProperty.call(message, "responseChunk"))
                        $root.keyward.recording.v1.ResponseChunk.encode(message.responseChunk, writer.uint32(/* id 16, wireType 2 =*/130).fork(), _depth + 1).ldelim();
                    if (message.maskCounts != null && $Object.hasOwnProperty.call(message, "maskCounts"))
                        $root.keyward.recording.v1.MaskCounts.encode(message.maskCounts, writer.uint32(/* id 17, wireType 2 =*/138).fork(), _depth + 1).ldelim();
                    if (message.usage != null && $Object.hasOwnProperty.call(message, "usage"))
                        $root.keyward.recording.v1.Usage.encode(message.usage, writer.uint32(/* id 18, wireType 2 =*/146).fork(), _depth + 1).ldelim();
                    if (message.exchangeEnd != null && $Object.hasOwnProperty.call(message, "exchangeEnd"))
                        $root.keyward.recording.v1.ExchangeEnd.encode(message.exchangeEnd, writer.uint32(/* id 19, wireType 2 =*/154).fork(), _depth + 1).ldelim();
                    if (message.event != null && $Object.hasOwnProperty.call(message, "event"))
                        $root.keyward.recording.v1.SessionEvent.encode(message.event, writer.uint32(/* id 20, wireType 2 =*/162).fork(), _depth + 1).ldelim();
                    if (message.sizeCap != null && $Object.hasOwnProperty.call(message, "sizeCap"))
                        $root.keyward.recording.v1.SizeCapReached.encode(message.sizeCap, writer.uint32(/* id 21, wireType 2 =*/170).fork(), _depth + 1).ldelim();
                    if (message.sessionEnd != null && $Object.hasOwnProperty.call(message, "sessionEnd"))
                        $root.keyward.recording.v1.SessionEnd.encode(message.sessionEnd, writer.uint32(/* id 22, wireType 2 =*/178).fork(), _depth + 1).ldelim();
                    if (message.trailer != null && $Object.hasOwnProperty.call(message, "trailer"))
                        $root.keyward.recording.v1.Trailer.encode(message.trailer, writer.uint32(/* id 23, wireType 2 =*/186).fork(), _depth + 1).ldelim();
                    if (message.bundle != null && $Object.hasOwnProperty.call(message, "bundle"))
                        $root.keyward.recording.v1.Bundle.encode(message.bundle, writer.uint32(/* id 24, wireType 2 =*/194).fork(), _depth + 1).ldelim();
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified Record message, length delimited. Does not implicitly {@link keyward.recording.v1.Record.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.recording.v1.Record
                 * @static
                 * @param {keyward.recording.v1.Record.$Properties} message Record message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Record.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a Record message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.recording.v1.Record
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.recording.v1.Record & keyward.recording.v1.Record.$Shape} Record
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Record.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.keyward.recording.v1.Record();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 0)
                                    break;
                                if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                    message.seq = value;
                                else
                                    delete message.seq;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 0)
                                    break;
                                if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                    message.timeUnixMs = value;
                                else
                                    delete message.timeUnixMs;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.bytes()).length)
                                    message.prevHash = value;
                                else
                                    delete message.prevHash;
                                continue;
                            }
                        case 10: {
                                if (wireType !== 2)
                                    break;
                                message.header = $root.keyward.recording.v1.FileHeader.decode(reader, reader.size(), $undefined, _depth + 1, message.header);
                                message.body = "header";
                                continue;
                            }
                        case 11: {
                                if (wireType !== 2)
                                    break;
                                message.sessionStart = $root.keyward.recording.v1.SessionStart.decode(reader, reader.size(), $undefined, _depth + 1, message.sessionStart);
                                message.body = "sessionStart";
                                continue;
                            }
                        case 12: {
                                if (wireType !== 2)
                                    break;
                                message.exchangeStart = $root.keyward.recording.v1.ExchangeStart.decode(reader, reader.size(), $undefined, _depth + 1, message.exchangeStart);
                                message.body = "exchangeStart";
                                continue;
                            }
                        case 13: {
                                if (wireType !== 2)
                                    break;
                                message.requestBody = $root.keyward.recording.v1.RequestBody.decode(reader, reader.size(), $undefined, _depth + 1, message.requestBody);
                                message.body = "requestBody";
                                continue;
                            }
                        case 14: {
                                if (wireType !== 2)
                                    break;
                                message.policy = $root.keyward.recording.v1.PolicyDecision.decode(reader, reader.size(), $undefined, _depth + 1, message.policy);
                                message.body = "policy";
                                continue;
                            }
                        case 15: {
                                if (wireType !== 2)
                                    break;
                                message.responseHead = $root.keyward.recording.v1.ResponseHead.decode(reader, reader.size(), $undefined, _depth + 1, message.responseHead);
                                message.body = "responseHead";
                                continue;
                            }
                        case 16: {
                                if (wireType !== 2)
                                    break;
                                message.responseChunk = $root.keyward.recording.v1.ResponseChunk.decode(reader, reader.size(), $undefined, _depth + 1, message.responseChunk);
                                message.body = "responseChunk";
                                continue;
                            }
                        case 17: {
                                if (wireType !== 2)
                                    break;
                                message.maskCounts = $root.keyward.recording.v1.MaskCounts.decode(reader, reader.size(), $undefined, _depth + 1, message.maskCounts);
                                message.body = "maskCounts";
                                continue;
                            }
                        case 18: {
                                if (wireType !== 2)
                                    break;
                                message.usage = $root.keyward.recording.v1.Usage.decode(reader, reader.size(), $undefined, _depth + 1, message.usage);
                                message.body = "usage";
                                continue;
                            }
                        case 19: {
                                if (wireType !== 2)
                                    break;
                                message.exchangeEnd = $root.keyward.recording.v1.ExchangeEnd.decode(reader, reader.size(), $undefined, _depth + 1, message.exchangeEnd);
                                message.body = "exchangeEnd";
                                continue;
                            }
                        case 20: {
                                if (wireType !== 2)
                                    break;
                                message.event = $root.keyward.recording.v1.SessionEvent.decode(reader, reader.size(), $undefined, _depth + 1, message.event);
                                message.body = "event";
                                continue;
                            }
                        case 21: {
                                if (wireType !== 2)
                                    break;
                                message.sizeCap = $root.keyward.recording.v1.SizeCapReached.decode(reader, reader.size(), $undefined, _depth + 1, message.sizeCap);
                                message.body = "sizeCap";
                                continue;
                            }
                        case 22: {
                                if (wireType !== 2)
                                    break;
                                message.sessionEnd = $root.keyward.recording.v1.SessionEnd.decode(reader, reader.size(), $undefined, _depth + 1, message.sessionEnd);
                                message.body = "sessionEnd";
                                continue;
                            }
                        case 23: {
                                if (wireType !== 2)
                                    break;
                                message.trailer = $root.keyward.recording.v1.Trailer.decode(reader, reader.size(), $undefined, _depth + 1, message.trailer);
                                message.body = "trailer";
                                continue;
                            }
                        case 24: {
                                if (wireType !== 2)
                                    break;
                                message.bundle = $root.keyward.recording.v1.Bundle.decode(reader, reader.size(), $undefined, _depth + 1, message.bundle);
                                message.body = "bundle";
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Decodes a Record message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.recording.v1.Record
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.recording.v1.Record & keyward.recording.v1.Record.$Shape} Record
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Record.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return Record;
            })();

            v1.Bundle = (function() {

                /**
                 * Properties of a Bundle.
                 * @typedef {Object} keyward.recording.v1.Bundle.$Properties
                 * @property {Array.<keyward.recording.v1.Record.$Properties>|null} [records] Bundle records
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a Bundle.
                 * @memberof keyward.recording.v1
                 * @interface IBundle
                 * @augments keyward.recording.v1.Bundle.$Properties
                 * @deprecated Use keyward.recording.v1.Bundle.$Properties instead.
                 */

                /**
                 * Shape of a Bundle.
                 * @typedef {{
                 *   records?: Array.<keyward.recording.v1.Record.$Shape>|null;
                 *   $unknowns?: Array.<Uint8Array>;
                 * }} keyward.recording.v1.Bundle.$Shape
                 */

                /**
                 * Constructs a new Bundle.
                 * @memberof keyward.recording.v1
                 * @classdesc Represents a Bundle.
                 * @constructor
                 * @param {keyward.recording.v1.Bundle.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const Bundle = function (properties) {
                    this.records = [];
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * Bundle records.
                 * @member {Array.<keyward.recording.v1.Record.$Properties>} records
                 * @memberof keyward.recording.v1.Bundle
                 * @instance
                 */
                Bundle.prototype.records = $util.emptyArray;

                /**
                 * Creates a new Bundle instance using the specified properties.
                 * @function create
                 * @memberof keyward.recording.v1.Bundle
                 * @static
                 * @param {keyward.recording.v1.Bundle.$Properties=} [properties] Properties to set
                 * @returns {keyward.recording.v1.Bundle} Bundle instance
                 * @type {{
                 *   (properties: keyward.recording.v1.Bundle.$Shape): keyward.recording.v1.Bundle & keyward.recording.v1.Bundle.$Shape;
                 *   (properties?: keyward.recording.v1.Bundle.$Properties): keyward.recording.v1.Bundle;
                 * }}
                 */
                Bundle.create = function(properties) {
                    return new Bundle(properties);
                };

                /**
                 * Encodes the specified Bundle message. Does not implicitly {@link keyward.recording.v1.Bundle.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.recording.v1.Bundle
                 * @static
                 * @param {keyward.recording.v1.Bundle.$Properties} message Bundle message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Bundle.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.records != null && message.records.length)
                        for (let i = 0; i < message.records.length; ++i)
                            $root.keyward.recording.v1.Record.encode(message.records[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified Bundle message, length delimited. Does not implicitly {@link keyward.recording.v1.Bundle.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.recording.v1.Bundle
                 * @static
                 * @param {keyward.recording.v1.Bundle.$Properties} message Bundle message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Bundle.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a Bundle message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.recording.v1.Bundle
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.recording.v1.Bundle & keyward.recording.v1.Bundle.$Shape} Bundle
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Bundle.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.keyward.recording.v1.Bundle();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.records && message.records.length))
                                    message.records = [];
                                message.records.push($root.keyward.recording.v1.Record.decode(reader, reader.size(), $undefined, _depth + 1));
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Decodes a Bundle message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.recording.v1.Bundle
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.recording.v1.Bundle & keyward.recording.v1.Bundle.$Shape} Bundle
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Bundle.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return Bundle;
            })();

            v1.FileHeader = (function() {

                /**
                 * Properties of a FileHeader.
                 * @typedef {Object} keyward.recording.v1.FileHeader.$Properties
                 * @property {number|null} [formatVersion] FileHeader formatVersion
                 * @property {string|null} [recordingId] FileHeader recordingId
                 * @property {string|null} [relayId] FileHeader relayId
                 * @property {number|Long|null} [createdUnixMs] FileHeader createdUnixMs
                 * @property {string|null} [encryptionKeyId] FileHeader encryptionKeyId
                 * @property {Uint8Array|null} [signingPublicKey] FileHeader signingPublicKey
                 * @property {string|null} [signingKeyId] FileHeader signingKeyId
                 * @property {string|null} [keywardVersion] FileHeader keywardVersion
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a FileHeader.
                 * @memberof keyward.recording.v1
                 * @interface IFileHeader
                 * @augments keyward.recording.v1.FileHeader.$Properties
                 * @deprecated Use keyward.recording.v1.FileHeader.$Properties instead.
                 */

                /**
                 * Shape of a FileHeader.
                 * @typedef {keyward.recording.v1.FileHeader.$Properties} keyward.recording.v1.FileHeader.$Shape
                 */

                /**
                 * Constructs a new FileHeader.
                 * @memberof keyward.recording.v1
                 * @classdesc Represents a FileHeader.
                 * @constructor
                 * @param {keyward.recording.v1.FileHeader.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const FileHeader = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * FileHeader formatVersion.
                 * @member {number} formatVersion
                 * @memberof keyward.recording.v1.FileHeader
                 * @instance
                 */
                FileHeader.prototype.formatVersion = 0;

                /**
                 * FileHeader recordingId.
                 * @member {string} recordingId
                 * @memberof keyward.recording.v1.FileHeader
                 * @instance
                 */
                FileHeader.prototype.recordingId = "";

                /**
                 * FileHeader relayId.
                 * @member {string} relayId
                 * @memberof keyward.recording.v1.FileHeader
                 * @instance
                 */
                FileHeader.prototype.relayId = "";

                /**
                 * FileHeader createdUnixMs.
                 * @member {number|Long} createdUnixMs
                 * @memberof keyward.recording.v1.FileHeader
                 * @instance
                 */
                FileHeader.prototype.createdUnixMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

                /**
                 * FileHeader encryptionKeyId.
                 * @member {string} encryptionKeyId
                 * @memberof keyward.recording.v1.FileHeader
                 * @instance
                 */
                FileHeader.prototype.encryptionKeyId = "";

                /**
                 * FileHeader signingPublicKey.
                 * @member {Uint8Array} signingPublicKey
                 * @memberof keyward.recording.v1.FileHeader
                 * @instance
                 */
                FileHeader.prototype.signingPublicKey = $util.newBuffer([]);

                /**
                 * FileHeader signingKeyId.
                 * @member {string} signingKeyId
                 * @memberof keyward.recording.v1.FileHeader
                 * @instance
                 */
                FileHeader.prototype.signingKeyId = "";

                /**
                 * FileHeader keywardVersion.
                 * @member {string} keywardVersion
                 * @memberof keyward.recording.v1.FileHeader
                 * @instance
                 */
                FileHeader.prototype.keywardVersion = "";

                /**
                 * Creates a new FileHeader instance using the specified properties.
                 * @function create
                 * @memberof keyward.recording.v1.FileHeader
                 * @static
                 * @param {keyward.recording.v1.FileHeader.$Properties=} [properties] Properties to set
                 * @returns {keyward.recording.v1.FileHeader} FileHeader instance
                 * @type {{
                 *   (properties: keyward.recording.v1.FileHeader.$Shape): keyward.recording.v1.FileHeader & keyward.recording.v1.FileHeader.$Shape;
                 *   (properties?: keyward.recording.v1.FileHeader.$Properties): keyward.recording.v1.FileHeader;
                 * }}
                 */
                FileHeader.create = function(properties) {
                    return new FileHeader(properties);
                };

                /**
                 * Encodes the specified FileHeader message. Does not implicitly {@link keyward.recording.v1.FileHeader.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.recording.v1.FileHeader
                 * @static
                 * @param {keyward.recording.v1.FileHeader.$Properties} message FileHeader message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                FileHeader.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.formatVersion != null && $Object.hasOwnProperty.call(message, "formatVersion") && message.formatVersion !== 0)
                        writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.formatVersion);
                    if (message.recordingId != null && $Object.hasOwnProperty.call(message, "recordingId") && message.recordingId !== "")
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.recordingId);
                    if (message.relayId != null && $Object.hasOwnProperty.call(message, "relayId") && message.relayId !== "")
                        writer.uint32(/* id 3, wireType 2 =*/26).string(message.relayId);
                    if (message.createdUnixMs != null && $Object.hasOwnProperty.call(message, "createdUnixMs") && (typeof message.createdUnixMs === "object" ? message.createdUnixMs.low || message.createdUnixMs.high : message.createdUnixMs !== 0))
                        writer.uint32(/* id 4, wireType 0 =*/32).int64(message.createdUnixMs);
                    if (message.encryptionKeyId != null && $Object.hasOwnProperty.call(message, "encryptionKeyId") && message.encryptionKeyId !== "")
                        writer.uint32(/* id 5, wireType 2 =*/42).string(message.encryptionKeyId);
                    if (message.signingPublicKey != null && $Object.hasOwnProperty.call(message, "signingPublicKey") && message.signingPublicKey.length)
                        writer.uint32(/* id 6, wireType 2 =*/50).bytes(message.signingPublicKey);
                    if (message.signingKeyId != null && $Object.hasOwnProperty.call(message, "signingKeyId") && message.signingKeyId !== "")
                        writer.uint32(/* id 7, wireType 2 =*/58).string(message.signingKeyId);
                    if (message.keywardVersion != null && $Object.hasOwnProperty.call(message, "keywardVersion") && message.keywardVersion !== "")
                        writer.uint32(/* id 8, wireType 2 =*/66).string(message.keywardVersion);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified FileHeader message, length delimited. Does not implicitly {@link keyward.recording.v1.FileHeader.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.recording.v1.FileHeader
                 * @static
                 * @param {keyward.recording.v1.FileHeader.$Properties} message FileHeader message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                FileHeader.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a FileHeader message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.recording.v1.FileHeader
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.recording.v1.FileHeader & keyward.recording.v1.FileHeader.$Shape} FileHeader
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                FileHeader.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.keyward.recording.v1.FileHeader();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.formatVersion = value;
                                else
                                    delete message.formatVersion;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.recordingId = value;
                                else
                                    delete message.recordingId;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.relayId = value;
                                else
                                    delete message.relayId;
                                continue;
                            }
                        case 4: {
                                if (wireType !== 0)
                                    break;
                                if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                    message.createdUnixMs = value;
                                else
                                    delete message.createdUnixMs;
                                continue;
                            }
                        case 5: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.encryptionKeyId = value;
                                else
                                    delete message.encryptionKeyId;
                                continue;
                            }
                        case 6: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.bytes()).length)
                                    message.signingPublicKey = value;
                                else
                                    delete message.signingPublicKey;
                                continue;
                            }
                        case 7: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.signingKeyId = value;
                                else
                                    delete message.signingKeyId;
                                continue;
                            }
                        case 8: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.keywardVersion = value;
                                else
                                    delete message.keywardVersion;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Decodes a FileHeader message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.recording.v1.FileHeader
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.recording.v1.FileHeader & keyward.recording.v1.FileHeader.$Shape} FileHeader
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                FileHeader.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return FileHeader;
            })();

            v1.SessionStart = (function() {

                /**
                 * Properties of a SessionStart.
                 * @typedef {Object} keyward.recording.v1.SessionStart.$Properties
                 * @property {string|null} [sessionId] SessionStart sessionId
                 * @property {string|null} [subject] SessionStart subject
                 * @property {Array.<string>|null} [groups] SessionStart groups
                 * @property {string|null} [tokenId] SessionStart tokenId
                 * @property {string|null} [tokenSha256] SessionStart tokenSha256
                 * @property {number|Long|null} [tokenExpiresUnixMs] SessionStart tokenExpiresUnixMs
                 * @property {string|null} [issuer] SessionStart issuer
                 * @property {string|null} [clientAddress] SessionStart clientAddress
                 * @property {string|null} [connection] SessionStart connection
                 * @property {string|null} [agentId] SessionStart agentId
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a SessionStart.
                 * @memberof keyward.recording.v1
                 * @interface ISessionStart
                 * @augments keyward.recording.v1.SessionStart.$Properties
                 * @deprecated Use keyward.recording.v1.SessionStart.$Properties instead.
                 */

                /**
                 * Shape of a SessionStart.
                 * @typedef {keyward.recording.v1.SessionStart.$Properties} keyward.recording.v1.SessionStart.$Shape
                 */

                /**
                 * Constructs a new SessionStart.
                 * @memberof keyward.recording.v1
                 * @classdesc Represents a SessionStart.
                 * @constructor
                 * @param {keyward.recording.v1.SessionStart.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const SessionStart = function (properties) {
                    this.groups = [];
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * SessionStart sessionId.
                 * @member {string} sessionId
                 * @memberof keyward.recording.v1.SessionStart
                 * @instance
                 */
                SessionStart.prototype.sessionId = "";

                /**
                 * SessionStart subject.
                 * @member {string} subject
                 * @memberof keyward.recording.v1.SessionStart
                 * @instance
                 */
                SessionStart.prototype.subject = "";

                /**
                 * SessionStart groups.
                 * @member {Array.<string>} groups
                 * @memberof keyward.recording.v1.SessionStart
                 * @instance
                 */
                SessionStart.prototype.groups = $util.emptyArray;

                /**
                 * SessionStart tokenId.
                 * @member {string} tokenId
                 * @memberof keyward.recording.v1.SessionStart
                 * @instance
                 */
                SessionStart.prototype.tokenId = "";

                /**
                 * SessionStart tokenSha256.
                 * @member {string} tokenSha256
                 * @memberof keyward.recording.v1.SessionStart
                 * @instance
                 */
                SessionStart.prototype.tokenSha256 = "";

                /**
                 * SessionStart tokenExpiresUnixMs.
                 * @member {number|Long} tokenExpiresUnixMs
                 * @memberof keyward.recording.v1.SessionStart
                 * @instance
                 */
                SessionStart.prototype.tokenExpiresUnixMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

                /**
                 * SessionStart issuer.
                 * @member {string} issuer
                 * @memberof keyward.recording.v1.SessionStart
                 * @instance
                 */
                SessionStart.prototype.issuer = "";

                /**
                 * SessionStart clientAddress.
                 * @member {string} clientAddress
                 * @memberof keyward.recording.v1.SessionStart
                 * @instance
                 */
                SessionStart.prototype.clientAddress = "";

                /**
                 * SessionStart connection.
                 * @member {string} connection
                 * @memberof keyward.recording.v1.SessionStart
                 * @instance
                 */
                SessionStart.prototype.connection = "";

                /**
                 * SessionStart agentId.
                 * @member {string} agentId
                 * @memberof keyward.recording.v1.SessionStart
                 * @instance
                 */
                SessionStart.prototype.agentId = "";

                /**
                 * Creates a new SessionStart instance using the specified properties.
                 * @function create
                 * @memberof keyward.recording.v1.SessionStart
                 * @static
                 * @param {keyward.recording.v1.SessionStart.$Properties=} [properties] Properties to set
                 * @returns {keyward.recording.v1.SessionStart} SessionStart instance
                 * @type {{
                 *   (properties: keyward.recording.v1.SessionStart.$Shape): keyward.recording.v1.SessionStart & keyward.recording.v1.SessionStart.$Shape;
                 *   (properties?: keyward.recording.v1.SessionStart.$Properties): keyward.recording.v1.SessionStart;
                 * }}
                 */
                SessionStart.create = function(properties) {
                    return new SessionStart(properties);
                };

                /**
                 * Encodes the specified SessionStart message. Does not implicitly {@link keyward.recording.v1.SessionStart.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.recording.v1.SessionStart
                 * @static
                 * @param {keyward.recording.v1.SessionStart.$Properties} message SessionStart message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                SessionStart.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.sessionId != null && $Object.hasOwnProperty.call(message, "sessionId") && message.sessionId !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.sessionId);
                    if (message.subject != null && $Object.hasOwnProperty.call(message, "subject") && message.subject !== "")
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.subject);
                    if (message.groups != null && message.groups.length)
                        for (let i = 0; i < message.groups.length; ++i)
                            writer.uint32(/* id 3, wireType 2 =*/26).string(message.groups[i]);
                    if (message.tokenId != null && $Object.hasOwnProperty.call(message, "tokenId") && message.tokenId !== "")
                        writer.uint32(/* id 4, wireType 2 =*/34).string(message.tokenId);
                    if (message.tokenSha256 != null && $Object.hasOwnProperty.call(message, "tokenSha256") && message.tokenSha256 !== "")
                        writer.uint32(/* id 5, wireType 2 =*/42).string(message.tokenSha256);
                    if (message.tokenExpiresUnixMs != null && $Object.hasOwnProperty.call(message, "tokenExpiresUnixMs") && (typeof message.tokenExpiresUnixMs === "object" ? message.tokenExpiresUnixMs.low || message.tokenExpiresUnixMs.high : message.tokenExpiresUnixMs !== 0))
                        writer.uint32(/* id 6, wireType 0 =*/48).int64(message.tokenExpiresUnixMs);
                    if (message.issuer != null && $Object.hasOwnProperty.call(message, "issuer") && message.issuer !== "")
                        writer.uint32(/* id 7, wireType 2 =*/58).string(message.issuer);
                    if (message.clientAddress != null && $Object.hasOwnProperty.call(message, "clientAddress") && message.clientAddress !== "")
                        writer.uint32(/* id 8, wireType 2 =*/66).string(message.clientAddress);
                    if (message.connection != null && $Object.hasOwnProperty.call(message, "connection") && message.connection !== "")
                        writer.uint32(/* id 9, wireType 2 =*/74).string(message.connection);
                    if (message.agentId != null && $Object.hasOwnProperty.call(message, "agentId") && message.agentId !== "")
                        writer.uint32(/* id 10, wireType 2 =*/82).string(message.agentId);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified SessionStart message, length delimited. Does not implicitly {@link keyward.recording.v1.SessionStart.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.recording.v1.SessionStart
                 * @static
                 * @param {keyward.recording.v1.SessionStart.$Properties} message SessionStart message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                SessionStart.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a SessionStart message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.recording.v1.SessionStart
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.recording.v1.SessionStart & keyward.recording.v1.SessionStart.$Shape} SessionStart
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                SessionStart.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.keyward.recording.v1.SessionStart();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.sessionId = value;
                                else
                                    delete message.sessionId;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.subject = value;
                                else
                                    delete message.subject;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.groups && message.groups.length))
                                    message.groups = [];
                                message.groups.push(reader.stringVerify());
                                continue;
                            }
                        case 4: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.tokenId = value;
                                else
                                    delete message.tokenId;
                                continue;
                            }
                        case 5: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.tokenSha256 = value;
                                else
                                    delete message.tokenSha256;
                                continue;
                            }
                        case 6: {
                                if (wireType !== 0)
                                    break;
                                if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                    message.tokenExpiresUnixMs = value;
                                else
                                    delete message.tokenExpiresUnixMs;
                                continue;
                            }
                        case 7: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.issuer = value;
                                else
                                    delete message.issuer;
                                continue;
                            }
                        case 8: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.clientAddress = value;
                                else
                                    delete message.clientAddress;
                                continue;
                            }
                        case 9: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.connection = value;
                                else
                                    delete message.connection;
                                continue;
                            }
                        case 10: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.agentId = value;
                                else
                                    delete message.agentId;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Decodes a SessionStart message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.recording.v1.SessionStart
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.recording.v1.SessionStart & keyward.recording.v1.SessionStart.$Shape} SessionStart
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                SessionStart.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return SessionStart;
            })();

            v1.ExchangeStart = (function() {

                /**
                 * Properties of an ExchangeStart.
                 * @typedef {Object} keyward.recording.v1.ExchangeStart.$Properties
                 * @property {string|null} [exchangeId] ExchangeStart exchangeId
                 * @property {string|null} [method] ExchangeStart method
                 * @property {string|null} [path] ExchangeStart path
                 * @property {string|null} [model] ExchangeStart model
                 * @property {Array.<keyward.recording.v1.Header.$Properties>|null} [headers] ExchangeStart headers
                 * @property {boolean|null} [stream] ExchangeStart stream
                 * @property {string|null} [agentId] ExchangeStart agentId
                 * @property {number|Long|null} [bodyBytes] ExchangeStart bodyBytes
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of an ExchangeStart.
                 * @memberof keyward.recording.v1
                 * @interface IExchangeStart
                 * @augments keyward.recording.v1.ExchangeStart.$Properties
                 * @deprecated Use keyward.recording.v1.ExchangeStart.$Properties instead.
                 */

                /**
                 * Shape of an ExchangeStart.
                 * @typedef {keyward.recording.v1.ExchangeStart.$Properties} keyward.recording.v1.ExchangeStart.$Shape
                 */

                /**
                 * Constructs a new ExchangeStart.
                 * @memberof keyward.recording.v1
                 * @classdesc Represents an ExchangeStart.
                 * @constructor
                 * @param {keyward.recording.v1.ExchangeStart.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const ExchangeStart = function (properties) {
                    this.headers = [];
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * ExchangeStart exchangeId.
                 * @member {string} exchangeId
                 * @memberof keyward.recording.v1.ExchangeStart
                 * @instance
                 */
                ExchangeStart.prototype.exchangeId = "";

                /**
                 * ExchangeStart method.
                 * @member {string} method
                 * @memberof keyward.recording.v1.ExchangeStart
                 * @instance
                 */
                ExchangeStart.prototype.method = "";

                /**
                 * ExchangeStart path.
                 * @member {string} path
                 * @memberof keyward.recording.v1.ExchangeStart
                 * @instance
                 */
                ExchangeStart.prototype.path = "";

                /**
                 * ExchangeStart model.
                 * @member {string} model
                 * @memberof keyward.recording.v1.ExchangeStart
                 * @instance
                 */
                ExchangeStart.prototype.model = "";

                /**
                 * ExchangeStart headers.
                 * @member {Array.<keyward.recording.v1.Header.$Properties>} headers
                 * @memberof keyward.recording.v1.ExchangeStart
                 * @instance
                 */
                ExchangeStart.prototype.headers = $util.emptyArray;

                /**
                 * ExchangeStart stream.
                 * @member {boolean} stream
                 * @memberof keyward.recording.v1.ExchangeStart
                 * @instance
                 */
                ExchangeStart.prototype.stream = false;

                /**
                 * ExchangeStart agentId.
                 * @member {string} agentId
                 * @memberof keyward.recording.v1.ExchangeStart
                 * @instance
                 */
                ExchangeStart.prototype.agentId = "";

                /**
                 * ExchangeStart bodyBytes.
                 * @member {number|Long} bodyBytes
                 * @memberof keyward.recording.v1.ExchangeStart
                 * @instance
                 */
                ExchangeStart.prototype.bodyBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                /**
                 * Creates a new ExchangeStart instance using the specified properties.
                 * @function create
                 * @memberof keyward.recording.v1.ExchangeStart
                 * @static
                 * @param {keyward.recording.v1.ExchangeStart.$Properties=} [properties] Properties to set
                 * @returns {keyward.recording.v1.ExchangeStart} ExchangeStart instance
                 * @type {{
                 *   (properties: keyward.recording.v1.ExchangeStart.$Shape): keyward.recording.v1.ExchangeStart & keyward.recording.v1.ExchangeStart.$Shape;
                 *   (properties?: keyward.recording.v1.ExchangeStart.$Properties): keyward.recording.v1.ExchangeStart;
                 * }}
                 */
                ExchangeStart.create = function(properties) {
                    return new ExchangeStart(properties);
                };

                /**
                 * Encodes the specified ExchangeStart message. Does not implicitly {@link keyward.recording.v1.ExchangeStart.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.recording.v1.ExchangeStart
                 * @static
                 * @param {keyward.recording.v1.ExchangeStart.$Properties} message ExchangeStart message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                ExchangeStart.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.exchangeId != null && $Object.hasOwnProperty.call(message, "exchangeId") && message.exchangeId !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.exchangeId);
                    if (message.method != null && $Object.hasOwnProperty.call(message, "method") && message.method !== "")
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.method);
                    if (message.path != null && $Object.hasOwnProperty.call(message, "path") && message.path !== "")
                        writer.uint32(/* id 3, wireType 2 =*/26).string(message.path);
                    if (message.model != null && $Object.hasOwnProperty.call(message, "model") && message.model !== "")
                        writer.uint32(/* id 4, wireType 2 =*/34).string(message.model);
                    if (message.headers != null && message.headers.length)
                        for (let i = 0; i < message.headers.length; ++i)
                            $root.keyward.recording.v1.Header.encode(message.headers[i], writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                    if (message.stream != null && $Object.hasOwnProperty.call(message, "stream") && message.stream !== false)
                        writer.uint32(/* id 6, wireType 0 =*/48).bool(message.stream);
                    if (message.agentId != null && $Object.hasOwnProperty.call(message, "agentId") && message.agentId !== "")
                        writer.uint32(/* id 7, wireType 2 =*/58).string(message.agentId);
                    if (message.bodyBytes != null && $Object.hasOwnProperty.call(message, "bodyBytes") && (typeof message.bodyBytes === "object" ? message.bodyBytes.low || message.bodyBytes.high : message.bodyBytes !== 0))
                        writer.uint32(/* id 8, wireType 0 =*/64).uint64(message.bodyBytes);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified ExchangeStart message, length delimited. Does not implicitly {@link keyward.recording.v1.ExchangeStart.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.recording.v1.ExchangeStart
                 * @static
                 * @param {keyward.recording.v1.ExchangeStart.$Properties} message ExchangeStart message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                ExchangeStart.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes an ExchangeStart message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.recording.v1.ExchangeStart
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.recording.v1.ExchangeStart & keyward.recording.v1.ExchangeStart.$Shape} ExchangeStart
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                ExchangeStart.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.keyward.recording.v1.ExchangeStart();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.exchangeId = value;
                                else
                                    delete message.exchangeId;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.method = value;
                                else
                                    delete message.method;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.path = value;
                                else
                                    delete message.path;
                                continue;
                            }
                        case 4: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.model = value;
                                else
                                    delete message.model;
                                continue;
                            }
                        case 5: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.headers && message.headers.length))
                                    message.headers = [];
                                message.headers.push($root.keyward.recording.v1.Header.decode(reader, reader.size(), $undefined, _depth + 1));
                                continue;
                            }
                        case 6: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.bool())
                                    message.stream = value;
                                else
                                    delete message.stream;
                                continue;
                            }
                        case 7: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.agentId = value;
                                else
                                    delete message.agentId;
                                continue;
                            }
                        case 8: {
                                if (wireType !== 0)
                                    break;
                                if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                    message.bodyBytes = value;
                                else
                                    delete message.bodyBytes;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Decodes an ExchangeStart message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.recording.v1.ExchangeStart
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.recording.v1.ExchangeStart & keyward.recording.v1.ExchangeStart.$Shape} ExchangeStart
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                ExchangeStart.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return ExchangeStart;
            })();

            v1.RequestBody = (function() {

                /**
                 * Properties of a RequestBody.
                 * @typedef {Object} keyward.recording.v1.RequestBody.$Properties
                 * @property {string|null} [exchangeId] RequestBody exchangeId
                 * @property {number|Long|null} [offset] RequestBody offset
                 * @property {Uint8Array|null} [data] RequestBody data
                 * @property {boolean|null} [last] RequestBody last
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a RequestBody.
                 * @memberof keyward.recording.v1
                 * @interface IRequestBody
                 * @augments keyward.recording.v1.RequestBody.$Properties
                 * @deprecated Use keyward.recording.v1.RequestBody.$Properties instead.
                 */

                /**
                 * Shape of a RequestBody.
                 * @typedef {keyward.recording.v1.RequestBody.$Properties} keyward.recording.v1.RequestBody.$Shape
                 */

                /**
                 * Constructs a new RequestBody.
                 * @memberof keyward.recording.v1
                 * @classdesc Represents a RequestBody.
                 * @constructor
                 * @param {keyward.recording.v1.RequestBody.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const RequestBody = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * RequestBody exchangeId.
                 * @member {string} exchangeId
                 * @memberof keyward.recording.v1.RequestBody
                 * @instance
                 */
                RequestBody.prototype.exchangeId = "";

                /**
                 * RequestBody offset.
                 * @member {number|Long} offset
                 * @memberof keyward.recording.v1.RequestBody
                 * @instance
                 */
                RequestBody.prototype.offset = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                /**
                 * RequestBody data.
                 * @member {Uint8Array} data
                 * @memberof keyward.recording.v1.RequestBody
                 * @instance
                 */
                RequestBody.prototype.data = $util.newBuffer([]);

                /**
                 * RequestBody last.
                 * @member {boolean} last
                 * @memberof keyward.recording.v1.RequestBody
                 * @instance
                 */
                RequestBody.prototype.last = false;

                /**
                 * Creates a new RequestBody instance using the specified properties.
                 * @function create
                 * @memberof keyward.recording.v1.RequestBody
                 * @static
                 * @param {keyward.recording.v1.RequestBody.$Properties=} [properties] Properties to set
                 * @returns {keyward.recording.v1.RequestBody} RequestBody instance
                 * @type {{
                 *   (properties: keyward.recording.v1.RequestBody.$Shape): keyward.recording.v1.RequestBody & keyward.recording.v1.RequestBody.$Shape;
                 *   (properties?: keyward.recording.v1.RequestBody.$Properties): keyward.recording.v1.RequestBody;
                 * }}
                 */
                RequestBody.create = function(properties) {
                    return new RequestBody(properties);
                };

                /**
                 * Encodes the specified RequestBody message. Does not implicitly {@link keyward.recording.v1.RequestBody.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.recording.v1.RequestBody
                 * @static
                 * @param {keyward.recording.v1.RequestBody.$Properties} message RequestBody message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                RequestBody.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.exchangeId != null && $Object.hasOwnProperty.call(message, "exchangeId") && message.exchangeId !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.exchangeId);
                    if (message.offset != null && $Object.hasOwnProperty.call(message, "offset") && (typeof message.offset === "object" ? message.offset.low || message.offset.high : message.offset !== 0))
                        writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.offset);
                    if (message.data != null && $Object.hasOwnProperty.call(message, "data") && message.data.length)
                        writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.data);
                    if (message.last != null && $Object.hasOwnProperty.call(message, "last") && message.last !== false)
                        writer.uint32(/* id 4, wireType 0 =*/32).bool(message.last);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified RequestBody message, length delimited. Does not implicitly {@link keyward.recording.v1.RequestBody.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.recording.v1.RequestBody
                 * @static
                 * @param {keyward.recording.v1.RequestBody.$Properties} message RequestBody message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                RequestBody.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a RequestBody message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.recording.v1.RequestBody
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.recording.v1.RequestBody & keyward.recording.v1.RequestBody.$Shape} RequestBody
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                RequestBody.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.keyward.recording.v1.RequestBody();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.exchangeId = value;
                                else
                                    delete message.exchangeId;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 0)
                                    break;
                                if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                    message.offset = value;
                                else
                                    delete message.offset;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.bytes()).length)
                                    message.data = value;
                                else
                                    delete message.data;
                                continue;
                            }
                        case 4: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.bool())
                                    message.last = value;
                                else
                                    delete message.last;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Decodes a RequestBody message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.recording.v1.RequestBody
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.recording.v1.RequestBody & keyward.recording.v1.RequestBody.$Shape} RequestBody
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                RequestBody.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return RequestBody;
            })();

            v1.PolicyDecision = (function() {

                /**
                 * Properties of a PolicyDecision.
                 * @typedef {Object} keyward.recording.v1.PolicyDecision.$Properties
                 * @property {string|null} [exchangeId] PolicyDecision exchangeId
                 * @property {keyward.recording.v1.PolicyDecision.Outcome|null} [outcome] PolicyDecision outcome
                 * @property {Array.<string>|null} [rules] PolicyDecision rules
                 * @property {string|null} [message] PolicyDecision message
                 * @property {string|null} [actor] PolicyDecision actor
                 * @property {string|null} [comment] PolicyDecision comment
                 * @property {string|null} [code] PolicyDecision code
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a PolicyDecision.
                 * @memberof keyward.recording.v1
                 * @interface IPolicyDecision
                 * @augments keyward.recording.v1.PolicyDecision.$Properties
                 * @deprecated Use keyward.recording.v1.PolicyDecision.$Properties instead.
                 */

                /**
                 * Shape of a PolicyDecision.
                 * @typedef {keyward.recording.v1.PolicyDecision.$Properties} keyward.recording.v1.PolicyDecision.$Shape
                 */

                /**
                 * Constructs a new PolicyDecision.
                 * @memberof keyward.recording.v1
                 * @classdesc Represents a PolicyDecision.
                 * @constructor
                 * @param {keyward.recording.v1.PolicyDecision.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const PolicyDecision = function (properties) {
                    this.rules = [];
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * PolicyDecision exchangeId.
                 * @member {string} exchangeId
                 * @memberof keyward.recording.v1.PolicyDecision
                 * @instance
                 */
                PolicyDecision.prototype.exchangeId = "";

                /**
                 * PolicyDecision outcome.
                 * @member {keyward.recording.v1.PolicyDecision.Outcome} outcome
                 * @memberof keyward.recording.v1.PolicyDecision
                 * @instance
                 */
                PolicyDecision.prototype.outcome = 0;

                /**
                 * PolicyDecision rules.
                 * @member {Array.<string>} rules
                 * @memberof keyward.recording.v1.PolicyDecision
                 * @instance
                 */
                PolicyDecision.prototype.rules = $util.emptyArray;

                /**
                 * PolicyDecision message.
                 * @member {string} message
                 * @memberof keyward.recording.v1.PolicyDecision
                 * @instance
                 */
                PolicyDecision.prototype.message = "";

                /**
                 * PolicyDecision actor.
                 * @member {string} actor
                 * @memberof keyward.recording.v1.PolicyDecision
                 * @instance
                 */
                PolicyDecision.prototype.actor = "";

                /**
                 * PolicyDecision comment.
                 * @member {string} comment
                 * @memberof keyward.recording.v1.PolicyDecision
                 * @instance
                 */
                PolicyDecision.prototype.comment = "";

                /**
                 * PolicyDecision code.
                 * @member {string} code
                 * @memberof keyward.recording.v1.PolicyDecision
                 * @instance
                 */
                PolicyDecision.prototype.code = "";

                /**
                 * Creates a new PolicyDecision instance using the specified properties.
                 * @function create
                 * @memberof keyward.recording.v1.PolicyDecision
                 * @static
                 * @param {keyward.recording.v1.PolicyDecision.$Properties=} [properties] Properties to set
                 * @returns {keyward.recording.v1.PolicyDecision} PolicyDecision instance
                 * @type {{
                 *   (properties: keyward.recording.v1.PolicyDecision.$Shape): keyward.recording.v1.PolicyDecision & keyward.recording.v1.PolicyDecision.$Shape;
                 *   (properties?: keyward.recording.v1.PolicyDecision.$Properties): keyward.recording.v1.PolicyDecision;
                 * }}
                 */
                PolicyDecision.create = function(properties) {
                    return new PolicyDecision(properties);
                };

                /**
                 * Encodes the specified PolicyDecision message. Does not implicitly {@link keyward.recording.v1.PolicyDecision.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.recording.v1.PolicyDecision
                 * @static
                 * @param {keyward.recording.v1.PolicyDecision.$Properties} message PolicyDecision message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                PolicyDecision.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.exchangeId != null && $Object.hasOwnProperty.call(message, "exchangeId") && message.exchangeId !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.exchangeId);
                    if (message.outcome != null && $Object.hasOwnProperty.call(message, "outcome") && message.outcome !== 0)
                        writer.uint32(/* id 2, wireType 0 =*/16).int32(message.outcome);
                    if (message.rules != null && message.rules.length)
                        for (let i = 0; i < message.rules.length; ++i)
                            writer.uint32(/* id 3, wireType 2 =*/26).string(message.rules[i]);
                    if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                        writer.uint32(/* id 4, wireType 2 =*/34).string(message.message);
                    if (message.actor != null && $Object.hasOwnProperty.call(message, "actor") && message.actor !== "")
                        writer.uint32(/* id 5, wireType 2 =*/42).string(message.actor);
                    if (message.comment != null && $Object.hasOwnProperty.call(message, "comment") && message.comment !== "")
                        writer.uint32(/* id 6, wireType 2 =*/50).string(message.comment);
                    if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== "")
                        writer.uint32(/* id 7, wireType 2 =*/58).string(message.code);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified PolicyDecision message, length delimited. Does not implicitly {@link keyward.recording.v1.PolicyDecision.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.recording.v1.PolicyDecision
                 * @static
                 * @param {keyward.recording.v1.PolicyDecision.$Properties} message PolicyDecision message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                PolicyDecision.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a PolicyDecision message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.recording.v1.PolicyDecision
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.recording.v1.PolicyDecision & keyward.recording.v1.PolicyDecision.$Shape} PolicyDecision
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                PolicyDecision.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.keyward.recording.v1.PolicyDecision();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.exchangeId = value;
                                else
                                    delete message.exchangeId;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.int32())
                                    message.outcome = value;
                                else
                                    delete message.outcome;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.rules && message.rules.length))
                                    message.rules = [];
                                message.rules.push(reader.stringVerify());
                                continue;
                            }
                        case 4: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.message = value;
                                else
                                    delete message.message;
                                continue;
                            }
                        case 5: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.actor = value;
                                else
                                    delete message.actor;
                                continue;
                            }
                        case 6: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.comment = value;
                                else
                                    delete message.comment;
                                continue;
                            }
                        case 7: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.code = value;
                                else
                                    delete message.code;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Decodes a PolicyDecision message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.recording.v1.PolicyDecision
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.recording.v1.PolicyDecision & keyward.recording.v1.PolicyDecision.$Shape} PolicyDecision
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                PolicyDecision.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                /**
                 * Outcome enum.
                 * @name keyward.recording.v1.PolicyDecision.Outcome
                 * @enum {number}
                 * @property {number} OUTCOME_UNSPECIFIED=0 OUTCOME_UNSPECIFIED value
                 * @property {number} ALLOWED=1 ALLOWED value
                 * @property {number} BLOCKED=2 BLOCKED value
                 * @property {number} HELD=3 HELD value
                 * @property {number} APPROVED=4 APPROVED value
                 * @property {number} DENIED=5 DENIED value
                 * @property {number} TIMED_OUT=6 TIMED_OUT value
                 */
                PolicyDecision.Outcome = (function() {
                    const valuesById = $Object.create(null), values = $Object.create(valuesById);
                    values[valuesById[0] = "OUTCOME_UNSPECIFIED"] = 0;
                    values[valuesById[1] = "ALLOWED"] = 1;
                    values[valuesById[2] = "BLOCKED"] = 2;
                    values[valuesById[3] = "HELD"] = 3;
                    values[valuesById[4] = "APPROVED"] = 4;
                    values[valuesById[5] = "DENIED"] = 5;
                    values[valuesById[6] = "TIMED_OUT"] = 6;
                    return values;
                })();

                return PolicyDecision;
            })();

            v1.ResponseHead = (function() {

                /**
                 * Properties of a ResponseHead.
                 * @typedef {Object} keyward.recording.v1.ResponseHead.$Properties
                 * @property {string|null} [exchangeId] ResponseHead exchangeId
                 * @property {number|null} [status] ResponseHead status
                 * @property {Array.<keyward.recording.v1.Header.$Properties>|null} [headers] ResponseHead headers
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a ResponseHead.
                 * @memberof keyward.recording.v1
                 * @interface IResponseHead
                 * @augments keyward.recording.v1.ResponseHead.$Properties
                 * @deprecated Use keyward.recording.v1.ResponseHead.$Properties instead.
                 */

                /**
                 * Shape of a ResponseHead.
                 * @typedef {keyward.recording.v1.ResponseHead.$Properties} keyward.recording.v1.ResponseHead.$Shape
                 */

                /**
                 * Constructs a new ResponseHead.
                 * @memberof keyward.recording.v1
                 * @classdesc Represents a ResponseHead.
                 * @constructor
                 * @param {keyward.recording.v1.ResponseHead.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const ResponseHead = function (properties) {
                    this.headers = [];
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * ResponseHead exchangeId.
                 * @member {string} exchangeId
                 * @memberof keyward.recording.v1.ResponseHead
                 * @instance
                 */
                ResponseHead.prototype.exchangeId = "";

                /**
                 * ResponseHead status.
                 * @member {number} status
                 * @memberof keyward.recording.v1.ResponseHead
                 * @instance
                 */
                ResponseHead.prototype.status = 0;

                /**
                 * ResponseHead headers.
                 * @member {Array.<keyward.recording.v1.Header.$Properties>} headers
                 * @memberof keyward.recording.v1.ResponseHead
                 * @instance
                 */
                ResponseHead.prototype.headers = $util.emptyArray;

                /**
                 * Creates a new ResponseHead instance using the specified properties.
                 * @function create
                 * @memberof keyward.recording.v1.ResponseHead
                 * @static
                 * @param {keyward.recording.v1.ResponseHead.$Properties=} [properties] Properties to set
                 * @returns {keyward.recording.v1.ResponseHead} ResponseHead instance
                 * @type {{
                 *   (properties: keyward.recording.v1.ResponseHead.$Shape): keyward.recording.v1.ResponseHead & keyward.recording.v1.ResponseHead.$Shape;
                 *   (properties?: keyward.recording.v1.ResponseHead.$Properties): keyward.recording.v1.ResponseHead;
                 * }}
                 */
                ResponseHead.create = function(properties) {
                    return new ResponseHead(properties);
                };

                /**
                 * Encodes the specified ResponseHead message. Does not implicitly {@link keyward.recording.v1.ResponseHead.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.recording.v1.ResponseHead
                 * @static
                 * @param {keyward.recording.v1.ResponseHead.$Properties} message ResponseHead message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                ResponseHead.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.exchangeId != null && $Object.hasOwnProperty.call(message, "exchangeId") && message.exchangeId !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.exchangeId);
                    if (message.status != null && $Object.hasOwnProperty.call(message, "status") && message.status !== 0)
                        writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.status);
                    if (message.headers != null && message.headers.length)
                        for (let i = 0; i < message.headers.length; ++i)
                            $root.keyward.recording.v1.Header.encode(message.headers[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified ResponseHead message, length delimited. Does not implicitly {@link keyward.recording.v1.ResponseHead.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.recording.v1.ResponseHead
                 * @static
                 * @param {keyward.recording.v1.ResponseHead.$Properties} message ResponseHead message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                ResponseHead.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a ResponseHead message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.recording.v1.ResponseHead
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.recording.v1.ResponseHead & keyward.recording.v1.ResponseHead.$Shape} ResponseHead
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                ResponseHead.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.keyward.recording.v1.ResponseHead();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.exchangeId = value;
                                else
                                    delete message.exchangeId;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.status = value;
                                else
                                    delete message.status;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.headers && message.headers.length))
                                    message.headers = [];
                                message.headers.push($root.keyward.recording.v1.Header.decode(reader, reader.size(), $undefined, _depth + 1));
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Decodes a ResponseHead message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.recording.v1.ResponseHead
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.recording.v1.ResponseHead & keyward.recording.v1.ResponseHead.$Shape} ResponseHead
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                ResponseHead.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return ResponseHead;
            })();

            v1.ResponseChunk = (function() {

                /**
                 * Properties of a ResponseChunk.
                 * @typedef {Object} keyward.recording.v1.ResponseChunk.$Properties
                 * @property {string|null} [exchangeId] ResponseChunk exchangeId
                 * @property {number|null} [atMs] ResponseChunk atMs
                 * @property {Uint8Array|null} [data] ResponseChunk data
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a ResponseChunk.
                 * @memberof keyward.recording.v1
                 * @interface IResponseChunk
                 * @augments keyward.recording.v1.ResponseChunk.$Properties
                 * @deprecated Use keyward.recording.v1.ResponseChunk.$Properties instead.
                 */

                /**
                 * Shape of a ResponseChunk.
                 * @typedef {keyward.recording.v1.ResponseChunk.$Properties} keyward.recording.v1.ResponseChunk.$Shape
                 */

                /**
                 * Constructs a new ResponseChunk.
                 * @memberof keyward.recording.v1
                 * @classdesc Represents a ResponseChunk.
                 * @constructor
                 * @param {keyward.recording.v1.ResponseChunk.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const ResponseChunk = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * ResponseChunk exchangeId.
                 * @member {string} exchangeId
                 * @memberof keyward.recording.v1.ResponseChunk
                 * @instance
                 */
                ResponseChunk.prototype.exchangeId = "";

                /**
                 * ResponseChunk atMs.
                 * @member {number} atMs
                 * @memberof keyward.recording.v1.ResponseChunk
                 * @instance
                 */
                ResponseChunk.prototype.atMs = 0;

                /**
                 * ResponseChunk data.
                 * @member {Uint8Array} data
                 * @memberof keyward.recording.v1.ResponseChunk
                 * @instance
                 */
                ResponseChunk.prototype.data = $util.newBuffer([]);

                /**
                 * Creates a new ResponseChunk instance using the specified properties.
                 * @function create
                 * @memberof keyward.recording.v1.ResponseChunk
                 * @static
                 * @param {keyward.recording.v1.ResponseChunk.$Properties=} [properties] Properties to set
                 * @returns {keyward.recording.v1.ResponseChunk} ResponseChunk instance
                 * @type {{
                 *   (properties: keyward.recording.v1.ResponseChunk.$Shape): keyward.recording.v1.ResponseChunk & keyward.recording.v1.ResponseChunk.$Shape;
                 *   (properties?: keyward.recording.v1.ResponseChunk.$Properties): keyward.recording.v1.ResponseChunk;
                 * }}
                 */
                ResponseChunk.create = function(properties) {
                    return new ResponseChunk(properties);
                };

                /**
                 * Encodes the specified ResponseChunk message. Does not implicitly {@link keyward.recording.v1.ResponseChunk.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.recording.v1.ResponseChunk
                 * @static
                 * @param {keyward.recording.v1.ResponseChunk.$Properties} message ResponseChunk message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                ResponseChunk.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.exchangeId != null && $Object.hasOwnProperty.call(message, "exchangeId") && message.exchangeId !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.exchangeId);
                    if (message.atMs != null && $Object.hasOwnProperty.call(message, "atMs") && message.atMs !== 0)
                        writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.atMs);
                    if (message.data != null && $Object.hasOwnProperty.call(message, "data") && message.data.length)
                        writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.data);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified ResponseChunk message, length delimited. Does not implicitly {@link keyward.recording.v1.ResponseChunk.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.recording.v1.ResponseChunk
                 * @static
                 * @param {keyward.recording.v1.ResponseChunk.$Properties} message ResponseChunk message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                ResponseChunk.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a ResponseChunk message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.recording.v1.ResponseChunk
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.recording.v1.ResponseChunk & keyward.recording.v1.ResponseChunk.$Shape} ResponseChunk
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                ResponseChunk.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.keyward.recording.v1.ResponseChunk();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.exchangeId = value;
                                else
                                    delete message.exchangeId;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.atMs = value;
                                else
                                    delete message.atMs;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.bytes()).length)
                                    message.data = value;
                                else
                                    delete message.data;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Decodes a ResponseChunk message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.recording.v1.ResponseChunk
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.recording.v1.ResponseChunk & keyward.recording.v1.ResponseChunk.$Shape} ResponseChunk
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                ResponseChunk.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return ResponseChunk;
            })();

            v1.MaskCounts = (function() {

                /**
                 * Properties of a MaskCounts.
                 * @typedef {Object} keyward.recording.v1.MaskCounts.$Properties
                 * @property {string|null} [exchangeId] MaskCounts exchangeId
                 * @property {keyward.recording.v1.MaskCounts.Side|null} [side] MaskCounts side
                 * @property {Object.<string,number>|null} [counts] MaskCounts counts
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a MaskCounts.
                 * @memberof keyward.recording.v1
                 * @interface IMaskCounts
                 * @augments keyward.recording.v1.MaskCounts.$Properties
                 * @deprecated Use keyward.recording.v1.MaskCounts.$Properties instead.
                 */

                /**
                 * Shape of a MaskCounts.
                 * @typedef {keyward.recording.v1.MaskCounts.$Properties} keyward.recording.v1.MaskCounts.$Shape
                 */

                /**
                 * Constructs a new MaskCounts.
                 * @memberof keyward.recording.v1
                 * @classdesc Represents a MaskCounts.
                 * @constructor
                 * @param {keyward.recording.v1.MaskCounts.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const MaskCounts = function (properties) {
                    this.counts = {};
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * MaskCounts exchangeId.
                 * @member {string} exchangeId
                 * @memberof keyward.recording.v1.MaskCounts
                 * @instance
                 */
                MaskCounts.prototype.exchangeId = "";

                /**
                 * MaskCounts side.
                 * @member {keyward.recording.v1.MaskCounts.Side} side
                 * @memberof keyward.recording.v1.MaskCounts
                 * @instance
                 */
                MaskCounts.prototype.side = 0;

                /**
                 * MaskCounts counts.
                 * @member {Object.<string,number>} counts
                 * @memberof keyward.recording.v1.MaskCounts
                 * @instance
                 */
                MaskCounts.prototype.counts = $util.emptyObject;

                /**
                 * Creates a new MaskCounts instance using the specified properties.
                 * @function create
                 * @memberof keyward.recording.v1.MaskCounts
                 * @static
                 * @param {keyward.recording.v1.MaskCounts.$Properties=} [properties] Properties to set
                 * @returns {keyward.recording.v1.MaskCounts} MaskCounts instance
                 * @type {{
                 *   (properties: keyward.recording.v1.MaskCounts.$Shape): keyward.recording.v1.MaskCounts & keyward.recording.v1.MaskCounts.$Shape;
                 *   (properties?: keyward.recording.v1.MaskCounts.$Properties): keyward.recording.v1.MaskCounts;
                 * }}
                 */
                MaskCounts.create = function(properties) {
                    return new MaskCounts(properties);
                };

                /**
                 * Encodes the specified MaskCounts message. Does not implicitly {@link keyward.recording.v1.MaskCounts.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.recording.v1.MaskCounts
                 * @static
                 * @param {keyward.recording.v1.MaskCounts.$Properties} message MaskCounts message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                MaskCounts.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.exchangeId != null && $Object.hasOwnProperty.call(message, "exchangeId") && message.exchangeId !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.exchangeId);
                    if (message.side != null && $Object.hasOwnProperty.call(message, "side") && message.side !== 0)
                        writer.uint32(/* id 2, wireType 0 =*/16).int32(message.side);
                    if (message.counts != null && $Object.hasOwnProperty.call(message, "counts"))
                        for (let keys = $Object.keys(message.counts), i = 0; i < keys.length; ++i)
                            writer.uint32(/* id 3, wireType 2 =*/26).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 0 =*/16).uint32(message.counts[keys[i]]).ldelim();
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified MaskCounts message, length delimited. Does not implicitly {@link keyward.recording.v1.MaskCounts.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.recording.v1.MaskCounts
                 * @static
                 * @param {keyward.recording.v1.MaskCounts.$Properties} message MaskCounts message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                MaskCounts.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a MaskCounts message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.recording.v1.MaskCounts
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.recording.v1.MaskCounts & keyward.recording.v1.MaskCounts.$Shape} MaskCounts
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                MaskCounts.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, key, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.keyward.recording.v1.MaskCounts();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.exchangeId = value;
                                else
                                    delete message.exchangeId;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.int32())
                                    message.side = value;
                                else
                                    delete message.side;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                if (message.counts === $util.emptyObject)
                                    message.counts = {};
                                let end2 = reader.size() + reader.pos;
                                if (end2 > reader.len)
                                    throw $RangeError("index out of range");
                                reader.len = end2;
                                key = "";
                                value = 0;
                                while (reader.pos < end2) {
                                    let tag2 = reader.tag();
                                    wireType = tag2 & 7;
                                    switch (tag2 >>>= 3) {
                                    case 1:
                                        if (wireType !== 2)
                                            break;
                                        key = reader.stringVerify();
                                        continue;
                                    case 2:
                                        if (wireType !== 0)
                                            break;
                                        value = reader.uint32();
                                        continue;
                                    }
                                    reader.skipType(wireType, _depth, tag2);
                                }
                                if (reader.pos !== end2)
                                    throw $RangeError("index out of range");
                                reader.len = end;
                                if (key === "__proto__")
                                    $util.makeProp(message.counts, key);
                                message.counts[key] = value;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Decodes a MaskCounts message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.recording.v1.MaskCounts
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.recording.v1.MaskCounts & keyward.recording.v1.MaskCounts.$Shape} MaskCounts
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                MaskCounts.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                /**
                 * Side enum.
                 * @name keyward.recording.v1.MaskCounts.Side
                 * @enum {number}
                 * @property {number} SIDE_UNSPECIFIED=0 SIDE_UNSPECIFIED value
                 * @property {number} REQUEST=1 REQUEST value
                 * @property {number} RESPONSE=2 RESPONSE value
                 */
                MaskCounts.Side = (function() {
                    const valuesById = $Object.create(null), values = $Object.create(valuesById);
                    values[valuesById[0] = "SIDE_UNSPECIFIED"] = 0;
                    values[valuesById[1] = "REQUEST"] = 1;
                    values[valuesById[2] = "RESPONSE"] = 2;
                    return values;
                })();

                return MaskCounts;
            })();

            v1.Usage = (function() {

                /**
                 * Properties of a Usage.
                 * @typedef {Object} keyward.recording.v1.Usage.$Properties
                 * @property {string|null} [exchangeId] Usage exchangeId
                 * @property {number|Long|null} [inputTokens] Usage inputTokens
                 * @property {number|Long|null} [outputTokens] Usage outputTokens
                 * @property {number|Long|null} [cachedTokens] Usage cachedTokens
                 * @property {boolean|null} [estimated] Usage estimated
                 * @property {number|Long|null} [costMicroUsd] Usage costMicroUsd
                 * @property {string|null} [model] Usage model
                 * @property {number|Long|null} [costNanoUsd] Usage costNanoUsd
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a Usage.
                 * @memberof keyward.recording.v1
                 * @interface IUsage
                 * @augments keyward.recording.v1.Usage.$Properties
                 * @deprecated Use keyward.recording.v1.Usage.$Properties instead.
                 */

                /**
                 * Shape of a Usage.
                 * @typedef {keyward.recording.v1.Usage.$Properties} keyward.recording.v1.Usage.$Shape
                 */

                /**
                 * Constructs a new Usage.
                 * @memberof keyward.recording.v1
                 * @classdesc Represents a Usage.
                 * @constructor
                 * @param {keyward.recording.v1.Usage.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const Usage = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * Usage exchangeId.
                 * @member {string} exchangeId
                 * @memberof keyward.recording.v1.Usage
                 * @instance
                 */
                Usage.prototype.exchangeId = "";

                /**
                 * Usage inputTokens.
                 * @member {number|Long} inputTokens
                 * @memberof keyward.recording.v1.Usage
                 * @instance
                 */
                Usage.prototype.inputTokens = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                /**
                 * Usage outputTokens.
                 * @member {number|Long} outputTokens
                 * @memberof keyward.recording.v1.Usage
                 * @instance
                 */
                Usage.prototype.outputTokens = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                /**
                 * Usage cachedTokens.
                 * @member {number|Long} cachedTokens
                 * @memberof keyward.recording.v1.Usage
                 * @instance
                 */
                Usage.prototype.cachedTokens = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                /**
                 * Usage estimated.
                 * @member {boolean} estimated
                 * @memberof keyward.recording.v1.Usage
                 * @instance
                 */
                Usage.prototype.estimated = false;

                /**
                 * Usage costMicroUsd.
                 * @member {number|Long} costMicroUsd
                 * @memberof keyward.recording.v1.Usage
                 * @instance
                 */
                Usage.prototype.costMicroUsd = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

                /**
                 * Usage model.
                 * @member {string} model
                 * @memberof keyward.recording.v1.Usage
                 * @instance
                 */
                Usage.prototype.model = "";

                /**
                 * Usage costNanoUsd.
                 * @member {number|Long} costNanoUsd
                 * @memberof keyward.recording.v1.Usage
                 * @instance
                 */
                Usage.prototype.costNanoUsd = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

                /**
                 * Creates a new Usage instance using the specified properties.
                 * @function create
                 * @memberof keyward.recording.v1.Usage
                 * @static
                 * @param {keyward.recording.v1.Usage.$Properties=} [properties] Properties to set
                 * @returns {keyward.recording.v1.Usage} Usage instance
                 * @type {{
                 *   (properties: keyward.recording.v1.Usage.$Shape): keyward.recording.v1.Usage & keyward.recording.v1.Usage.$Shape;
                 *   (properties?: keyward.recording.v1.Usage.$Properties): keyward.recording.v1.Usage;
                 * }}
                 */
                Usage.create = function(properties) {
                    return new Usage(properties);
                };

                /**
                 * Encodes the specified Usage message. Does not implicitly {@link keyward.recording.v1.Usage.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.recording.v1.Usage
                 * @static
                 * @param {keyward.recording.v1.Usage.$Properties} message Usage message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Usage.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.exchangeId != null && $Object.hasOwnProperty.call(message, "exchangeId") && message.exchangeId !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.exchangeId);
                    if (message.inputTokens != null && $Object.hasOwnProperty.call(message, "inputTokens") && (typeof message.inputTokens === "object" ? message.inputTokens.low || message.inputTokens.high : message.inputTokens !== 0))
                        writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.inputTokens);
                    if (message.outputTokens != null && $Object.hasOwnProperty.call(message, "outputTokens") && (typeof message.outputTokens === "object" ? message.outputTokens.low || message.outputTokens.high : message.outputTokens !== 0))
                        writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.outputTokens);
                    if (message.cachedTokens != null && $Object.hasOwnProperty.call(message, "cachedTokens") && (typeof message.cachedTokens === "object" ? message.cachedTokens.low || message.cachedTokens.high : message.cachedTokens !== 0))
                        writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.cachedTokens);
                    if (message.estimated != null && $Object.hasOwnProperty.call(message, "estimated") && message.estimated !== false)
                        writer.uint32(/* id 5, wireType 0 =*/40).bool(message.estimated);
                    if (message.costMicroUsd != null && $Object.hasOwnProperty.call(message, "costMicroUsd") && (typeof message.costMicroUsd === "object" ? message.costMicroUsd.low || message.costMicroUsd.high : message.costMicroUsd !== 0))
                        writer.uint32(/* id 6, wireType 0 =*/48).int64(message.costMicroUsd);
                    if (message.model != null && $Object.hasOwnProperty.call(message, "model") && message.model !== "")
                        writer.uint32(/* id 7, wireType 2 =*/58).string(message.model);
                    if (message.costNanoUsd != null && $Object.hasOwnProperty.call(message, "costNanoUsd") && (typeof message.costNanoUsd === "object" ? message.costNanoUsd.low || message.costNanoUsd.high : message.costNanoUsd !== 0))
                        writer.uint32(/* id 8, wireType 0 =*/64).int64(message.costNanoUsd);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified Usage message, length delimited. Does not implicitly {@link keyward.recording.v1.Usage.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.recording.v1.Usage
                 * @static
                 * @param {keyward.recording.v1.Usage.$Properties} message Usage message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Usage.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a Usage message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.recording.v1.Usage
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.recording.v1.Usage & keyward.recording.v1.Usage.$Shape} Usage
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Usage.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.keyward.recording.v1.Usage();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.exchangeId = value;
                                else
                                    delete message.exchangeId;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 0)
                                    break;
                                if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                    message.inputTokens = value;
                                else
                                    delete message.inputTokens;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 0)
                                    break;
                                if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                    message.outputTokens = value;
                                else
                                    delete message.outputTokens;
                                continue;
                            }
                        case 4: {
                                if (wireType !== 0)
                                    break;
                                if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                    message.cachedTokens = value;
                                else
                                    delete message.cachedTokens;
                                continue;
                            }
                        case 5: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.bool())
                                    message.estimated = value;
                                else
                                    delete message.estimated;
                                continue;
                            }
                        case 6: {
                                if (wireType !== 0)
                                    break;
                                if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                    message.costMicroUsd = value;
                                else
                                    delete message.costMicroUsd;
                                continue;
                            }
                        case 7: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.model = value;
                                else
                                    delete message.model;
                                continue;
                            }
                        case 8: {
                                if (wireType !== 0)
                                    break;
                                if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                    message.costNanoUsd = value;
                                else
                                    delete message.costNanoUsd;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Decodes a Usage message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.recording.v1.Usage
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.recording.v1.Usage & keyward.recording.v1.Usage.$Shape} Usage
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Usage.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return Usage;
            })();

            v1.ExchangeEnd = (function() {

                /**
                 * Properties of an ExchangeEnd.
                 * @typedef {Object} keyward.recording.v1.ExchangeEnd.$Properties
                 * @property {string|null} [exchangeId] ExchangeEnd exchangeId
                 * @property {number|null} [status] ExchangeEnd status
                 * @property {boolean|null} [completed] ExchangeEnd completed
                 * @property {string|null} [errorCode] ExchangeEnd errorCode
                 * @property {string|null} [errorMessage] ExchangeEnd errorMessage
                 * @property {number|Long|null} [responseBytes] ExchangeEnd responseBytes
                 * @property {number|null} [durationMs] ExchangeEnd durationMs
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of an ExchangeEnd.
                 * @memberof keyward.recording.v1
                 * @interface IExchangeEnd
                 * @augments keyward.recording.v1.ExchangeEnd.$Properties
                 * @deprecated Use keyward.recording.v1.ExchangeEnd.$Properties instead.
                 */

                /**
                 * Shape of an ExchangeEnd.
                 * @typedef {keyward.recording.v1.ExchangeEnd.$Properties} keyward.recording.v1.ExchangeEnd.$Shape
                 */

                /**
                 * Constructs a new ExchangeEnd.
                 * @memberof keyward.recording.v1
                 * @classdesc Represents an ExchangeEnd.
                 * @constructor
                 * @param {keyward.recording.v1.ExchangeEnd.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const ExchangeEnd = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * ExchangeEnd exchangeId.
                 * @member {string} exchangeId
                 * @memberof keyward.recording.v1.ExchangeEnd
                 * @instance
                 */
                ExchangeEnd.prototype.exchangeId = "";

                /**
                 * ExchangeEnd status.
                 * @member {number} status
                 * @memberof keyward.recording.v1.ExchangeEnd
                 * @instance
                 */
                ExchangeEnd.prototype.status = 0;

                /**
                 * ExchangeEnd completed.
                 * @member {boolean} completed
                 * @memberof keyward.recording.v1.ExchangeEnd
                 * @instance
                 */
                ExchangeEnd.prototype.completed = false;

                /**
                 * ExchangeEnd errorCode.
                 * @member {string} errorCode
                 * @memberof keyward.recording.v1.ExchangeEnd
                 * @instance
                 */
                ExchangeEnd.prototype.errorCode = "";

                /**
                 * ExchangeEnd errorMessage.
                 * @member {string} errorMessage
                 * @memberof keyward.recording.v1.ExchangeEnd
                 * @instance
                 */
                ExchangeEnd.prototype.errorMessage = "";

                /**
                 * ExchangeEnd responseBytes.
                 * @member {number|Long} responseBytes
                 * @memberof keyward.recording.v1.ExchangeEnd
                 * @instance
                 */
                ExchangeEnd.prototype.responseBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                /**
                 * ExchangeEnd durationMs.
                 * @member {number} durationMs
                 * @memberof keyward.recording.v1.ExchangeEnd
                 * @instance
                 */
                ExchangeEnd.prototype.durationMs = 0;

                /**
                 * Creates a new ExchangeEnd instance using the specified properties.
                 * @function create
                 * @memberof keyward.recording.v1.ExchangeEnd
                 * @static
                 * @param {keyward.recording.v1.ExchangeEnd.$Properties=} [properties] Properties to set
                 * @returns {keyward.recording.v1.ExchangeEnd} ExchangeEnd instance
                 * @type {{
                 *   (properties: keyward.recording.v1.ExchangeEnd.$Shape): keyward.recording.v1.ExchangeEnd & keyward.recording.v1.ExchangeEnd.$Shape;
                 *   (properties?: keyward.recording.v1.ExchangeEnd.$Properties): keyward.recording.v1.ExchangeEnd;
                 * }}
                 */
                ExchangeEnd.create = function(properties) {
                    return new ExchangeEnd(properties);
                };

                /**
                 * Encodes the specified ExchangeEnd message. Does not implicitly {@link keyward.recording.v1.ExchangeEnd.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.recording.v1.ExchangeEnd
                 * @static
                 * @param {keyward.recording.v1.ExchangeEnd.$Properties} message ExchangeEnd message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                ExchangeEnd.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.exchangeId != null && $Object.hasOwnProperty.call(message, "exchangeId") && message.exchangeId !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.exchangeId);
                    if (message.status != null && $Object.hasOwnProperty.call(message, "status") && message.status !== 0)
                        writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.status);
                    if (message.completed != null && $Object.hasOwnProperty.call(message, "completed") && message.completed !== false)
                        writer.uint32(/* id 3, wireType 0 =*/24).bool(message.completed);
                    if (message.errorCode != null && $Object.hasOwnProperty.call(message, "errorCode") && message.errorCode !== "")
                        writer.uint32(/* id 4, wireType 2 =*/34).string(message.errorCode);
                    if (message.errorMessage != null && $Object.hasOwnProperty.call(message, "errorMessage") && message.errorMessage !== "")
                        writer.uint32(/* id 5, wireType 2 =*/42).string(message.errorMessage);
                    if (message.responseBytes != null && $Object.hasOwnProperty.call(message, "responseBytes") && (typeof message.responseBytes === "object" ? message.responseBytes.low || message.responseBytes.high : message.responseBytes !== 0))
                        writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.responseBytes);
                    if (message.durationMs != null && $Object.hasOwnProperty.call(message, "durationMs") && message.durationMs !== 0)
                        writer.uint32(/* id 7, wireType 0 =*/56).uint32(message.durationMs);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified ExchangeEnd message, length delimited. Does not implicitly {@link keyward.recording.v1.ExchangeEnd.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.recording.v1.ExchangeEnd
                 * @static
                 * @param {keyward.recording.v1.ExchangeEnd.$Properties} message ExchangeEnd message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                ExchangeEnd.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes an ExchangeEnd message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.recording.v1.ExchangeEnd
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.recording.v1.ExchangeEnd & keyward.recording.v1.ExchangeEnd.$Shape} ExchangeEnd
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                ExchangeEnd.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.keyward.recording.v1.ExchangeEnd();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.exchangeId = value;
                                else
                                    delete message.exchangeId;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.status = value;
                                else
                                    delete message.status;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.bool())
                                    message.completed = value;
                                else
                                    delete message.completed;
                                continue;
                            }
                        case 4: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.errorCode = value;
                                else
                                    delete message.errorCode;
                                continue;
                            }
                        case 5: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.errorMessage = value;
                                else
                                    delete message.errorMessage;
                                continue;
                            }
                        case 6: {
                                if (wireType !== 0)
                                    break;
                                if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                    message.responseBytes = value;
                                else
                                    delete message.responseBytes;
                                continue;
                            }
                        case 7: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.durationMs = value;
                                else
                                    delete message.durationMs;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Decodes an ExchangeEnd message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.recording.v1.ExchangeEnd
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.recording.v1.ExchangeEnd & keyward.recording.v1.ExchangeEnd.$Shape} ExchangeEnd
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                ExchangeEnd.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return ExchangeEnd;
            })();

            v1.SessionEvent = (function() {

                /**
                 * Properties of a SessionEvent.
                 * @typedef {Object} keyward.recording.v1.SessionEvent.$Properties
                 * @property {keyward.recording.v1.SessionEvent.Kind|null} [kind] SessionEvent kind
                 * @property {string|null} [actor] SessionEvent actor
                 * @property {string|null} [reason] SessionEvent reason
                 * @property {string|null} [lockId] SessionEvent lockId
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a SessionEvent.
                 * @memberof keyward.recording.v1
                 * @interface ISessionEvent
                 * @augments keyward.recording.v1.SessionEvent.$Properties
                 * @deprecated Use keyward.recording.v1.SessionEvent.$Properties instead.
                 */

                /**
                 * Shape of a SessionEvent.
                 * @typedef {keyward.recording.v1.SessionEvent.$Properties} keyward.recording.v1.SessionEvent.$Shape
                 */

                /**
                 * Constructs a new SessionEvent.
                 * @memberof keyward.recording.v1
                 * @classdesc Represents a SessionEvent.
                 * @constructor
                 * @param {keyward.recording.v1.SessionEvent.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const SessionEvent = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * SessionEvent kind.
                 * @member {keyward.recording.v1.SessionEvent.Kind} kind
                 * @memberof keyward.recording.v1.SessionEvent
                 * @instance
                 */
                SessionEvent.prototype.kind = 0;

                /**
                 * SessionEvent actor.
                 * @member {string} actor
                 * @memberof keyward.recording.v1.SessionEvent
                 * @instance
                 */
                SessionEvent.prototype.actor = "";

                /**
                 * SessionEvent reason.
                 * @member {string} reason
                 * @memberof keyward.recording.v1.SessionEvent
                 * @instance
                 */
                SessionEvent.prototype.reason = "";

                /**
                 * SessionEvent lockId.
                 * @member {string} lockId
                 * @memberof keyward.recording.v1.SessionEvent
                 * @instance
                 */
                SessionEvent.prototype.lockId = "";

                /**
                 * Creates a new SessionEvent instance using the specified properties.
                 * @function create
                 * @memberof keyward.recording.v1.SessionEvent
                 * @static
                 * @param {keyward.recording.v1.SessionEvent.$Properties=} [properties] Properties to set
                 * @returns {keyward.recording.v1.SessionEvent} SessionEvent instance
                 * @type {{
                 *   (properties: keyward.recording.v1.SessionEvent.$Shape): keyward.recording.v1.SessionEvent & keyward.recording.v1.SessionEvent.$Shape;
                 *   (properties?: keyward.recording.v1.SessionEvent.$Properties): keyward.recording.v1.SessionEvent;
                 * }}
                 */
                SessionEvent.create = function(properties) {
                    return new SessionEvent(properties);
                };

                /**
                 * Encodes the specified SessionEvent message. Does not implicitly {@link keyward.recording.v1.SessionEvent.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.recording.v1.SessionEvent
                 * @static
                 * @param {keyward.recording.v1.SessionEvent.$Properties} message SessionEvent message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                SessionEvent.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.kind != null && $Object.hasOwnProperty.call(message, "kind") && message.kind !== 0)
                        writer.uint32(/* id 1, wireType 0 =*/8).int32(message.kind);
                    if (message.actor != null && $Object.hasOwnProperty.call(message, "actor") && message.actor !== "")
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.actor);
                    if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                        writer.uint32(/* id 3, wireType 2 =*/26).string(message.reason);
                    if (message.lockId != null && $Object.hasOwnProperty.call(message, "lockId") && message.lockId !== "")
                        writer.uint32(/* id 4, wireType 2 =*/34).string(message.lockId);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified SessionEvent message, length delimited. Does not implicitly {@link keyward.recording.v1.SessionEvent.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.recording.v1.SessionEvent
                 * @static
                 * @param {keyward.recording.v1.SessionEvent.$Properties} message SessionEvent message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                SessionEvent.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a SessionEvent message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.recording.v1.SessionEvent
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.recording.v1.SessionEvent & keyward.recording.v1.SessionEvent.$Shape} SessionEvent
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                SessionEvent.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.keyward.recording.v1.SessionEvent();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.int32())
                                    message.kind = value;
                                else
                                    delete message.kind;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.actor = value;
                                else
                                    delete message.actor;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.reason = value;
                                else
                                    delete message.reason;
                                continue;
                            }
                        case 4: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.lockId = value;
                                else
                                    delete message.lockId;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Decodes a SessionEvent message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.recording.v1.SessionEvent
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.recording.v1.SessionEvent & keyward.recording.v1.SessionEvent.$Shape} SessionEvent
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                SessionEvent.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                /**
                 * Kind enum.
                 * @name keyward.recording.v1.SessionEvent.Kind
                 * @enum {number}
                 * @property {number} KIND_UNSPECIFIED=0 KIND_UNSPECIFIED value
                 * @property {number} KILLED=1 KILLED value
                 * @property {number} LOCKED=2 LOCKED value
                 * @property {number} UNLOCKED=3 UNLOCKED value
                 * @property {number} EXPIRED=4 EXPIRED value
                 * @property {number} IDLE_TIMEOUT=5 IDLE_TIMEOUT value
                 * @property {number} MAX_DURATION=6 MAX_DURATION value
                 * @property {number} POLICY_TERMINATED=7 POLICY_TERMINATED value
                 */
                SessionEvent.Kind = (function() {
                    const valuesById = $Object.create(null), values = $Object.create(valuesById);
                    values[valuesById[0] = "KIND_UNSPECIFIED"] = 0;
                    values[valuesById[1] = "KILLED"] = 1;
                    values[valuesById[2] = "LOCKED"] = 2;
                    values[valuesById[3] = "UNLOCKED"] = 3;
                    values[valuesById[4] = "EXPIRED"] = 4;
                    values[valuesById[5] = "IDLE_TIMEOUT"] = 5;
                    values[valuesById[6] = "MAX_DURATION"] = 6;
                    values[valuesById[7] = "POLICY_TERMINATED"] = 7;
                    return values;
                })();

                return SessionEvent;
            })();

            v1.SizeCapReached = (function() {

                /**
                 * Properties of a SizeCapReached.
                 * @typedef {Object} keyward.recording.v1.SizeCapReached.$Properties
                 * @property {number|Long|null} [limitBytes] SizeCapReached limitBytes
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a SizeCapReached.
                 * @memberof keyward.recording.v1
                 * @interface ISizeCapReached
                 * @augments keyward.recording.v1.SizeCapReached.$Properties
                 * @deprecated Use keyward.recording.v1.SizeCapReached.$Properties instead.
                 */

                /**
                 * Shape of a SizeCapReached.
                 * @typedef {keyward.recording.v1.SizeCapReached.$Properties} keyward.recording.v1.SizeCapReached.$Shape
                 */

                /**
                 * Constructs a new SizeCapReached.
                 * @memberof keyward.recording.v1
                 * @classdesc Represents a SizeCapReached.
                 * @constructor
                 * @param {keyward.recording.v1.SizeCapReached.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const SizeCapReached = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * SizeCapReached limitBytes.
                 * @member {number|Long} limitBytes
                 * @memberof keyward.recording.v1.SizeCapReached
                 * @instance
                 */
                SizeCapReached.prototype.limitBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                /**
                 * Creates a new SizeCapReached instance using the specified properties.
                 * @function create
                 * @memberof keyward.recording.v1.SizeCapReached
                 * @static
                 * @param {keyward.recording.v1.SizeCapReached.$Properties=} [properties] Properties to set
                 * @returns {keyward.recording.v1.SizeCapReached} SizeCapReached instance
                 * @type {{
                 *   (properties: keyward.recording.v1.SizeCapReached.$Shape): keyward.recording.v1.SizeCapReached & keyward.recording.v1.SizeCapReached.$Shape;
                 *   (properties?: keyward.recording.v1.SizeCapReached.$Properties): keyward.recording.v1.SizeCapReached;
                 * }}
                 */
                SizeCapReached.create = function(properties) {
                    return new SizeCapReached(properties);
                };

                /**
                 * Encodes the specified SizeCapReached message. Does not implicitly {@link keyward.recording.v1.SizeCapReached.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.recording.v1.SizeCapReached
                 * @static
                 * @param {keyward.recording.v1.SizeCapReached.$Properties} message SizeCapReached message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                SizeCapReached.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.limitBytes != null && $Object.hasOwnProperty.call(message, "limitBytes") && (typeof message.limitBytes === "object" ? message.limitBytes.low || message.limitBytes.high : message.limitBytes !== 0))
                        writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.limitBytes);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified SizeCapReached message, length delimited. Does not implicitly {@link keyward.recording.v1.SizeCapReached.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.recording.v1.SizeCapReached
                 * @static
                 * @param {keyward.recording.v1.SizeCapReached.$Properties} message SizeCapReached message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                SizeCapReached.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a SizeCapReached message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.recording.v1.SizeCapReached
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.recording.v1.SizeCapReached & keyward.recording.v1.SizeCapReached.$Shape} SizeCapReached
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                SizeCapReached.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.keyward.recording.v1.SizeCapReached();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 0)
                                    break;
                                if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                    message.limitBytes = value;
                                else
                                    delete message.limitBytes;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Decodes a SizeCapReached message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.recording.v1.SizeCapReached
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.recording.v1.SizeCapReached & keyward.recording.v1.SizeCapReached.$Shape} SizeCapReached
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                SizeCapReached.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return SizeCapReached;
            })();

            v1.SessionEnd = (function() {

                /**
                 * Properties of a SessionEnd.
                 * @typedef {Object} keyward.recording.v1.SessionEnd.$Properties
                 * @property {keyward.recording.v1.SessionEnd.Reason|null} [reason] SessionEnd reason
                 * @property {string|null} [detail] SessionEnd detail
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a SessionEnd.
                 * @memberof keyward.recording.v1
                 * @interface ISessionEnd
                 * @augments keyward.recording.v1.SessionEnd.$Properties
                 * @deprecated Use keyward.recording.v1.SessionEnd.$Properties instead.
                 */

                /**
                 * Shape of a SessionEnd.
                 * @typedef {keyward.recording.v1.SessionEnd.$Properties} keyward.recording.v1.SessionEnd.$Shape
                 */

                /**
                 * Constructs a new SessionEnd.
                 * @memberof keyward.recording.v1
                 * @classdesc Represents a SessionEnd.
                 * @constructor
                 * @param {keyward.recording.v1.SessionEnd.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const SessionEnd = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * SessionEnd reason.
                 * @member {keyward.recording.v1.SessionEnd.Reason} reason
                 * @memberof keyward.recording.v1.SessionEnd
                 * @instance
                 */
                SessionEnd.prototype.reason = 0;

                /**
                 * SessionEnd detail.
                 * @member {string} detail
                 * @memberof keyward.recording.v1.SessionEnd
                 * @instance
                 */
                SessionEnd.prototype.detail = "";

                /**
                 * Creates a new SessionEnd instance using the specified properties.
                 * @function create
                 * @memberof keyward.recording.v1.SessionEnd
                 * @static
                 * @param {keyward.recording.v1.SessionEnd.$Properties=} [properties] Properties to set
                 * @returns {keyward.recording.v1.SessionEnd} SessionEnd instance
                 * @type {{
                 *   (properties: keyward.recording.v1.SessionEnd.$Shape): keyward.recording.v1.SessionEnd & keyward.recording.v1.SessionEnd.$Shape;
                 *   (properties?: keyward.recording.v1.SessionEnd.$Properties): keyward.recording.v1.SessionEnd;
                 * }}
                 */
                SessionEnd.create = function(properties) {
                    return new SessionEnd(properties);
                };

                /**
                 * Encodes the specified SessionEnd message. Does not implicitly {@link keyward.recording.v1.SessionEnd.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.recording.v1.SessionEnd
                 * @static
                 * @param {keyward.recording.v1.SessionEnd.$Properties} message SessionEnd message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                SessionEnd.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== 0)
                        writer.uint32(/* id 1, wireType 0 =*/8).int32(message.reason);
                    if (message.detail != null && $Object.hasOwnProperty.call(message, "detail") && message.detail !== "")
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.detail);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified SessionEnd message, length delimited. Does not implicitly {@link keyward.recording.v1.SessionEnd.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.recording.v1.SessionEnd
                 * @static
                 * @param {keyward.recording.v1.SessionEnd.$Properties} message SessionEnd message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                SessionEnd.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a SessionEnd message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.recording.v1.SessionEnd
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.recording.v1.SessionEnd & keyward.recording.v1.SessionEnd.$Shape} SessionEnd
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                SessionEnd.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.keyward.recording.v1.SessionEnd();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.int32())
                                    message.reason = value;
                                else
                                    delete message.reason;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.detail = value;
                                else
                                    delete message.detail;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Decodes a SessionEnd message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.recording.v1.SessionEnd
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.recording.v1.SessionEnd & keyward.recording.v1.SessionEnd.$Shape} SessionEnd
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                SessionEnd.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                /**
                 * Reason enum.
                 * @name keyward.recording.v1.SessionEnd.Reason
                 * @enum {number}
                 * @property {number} REASON_UNSPECIFIED=0 REASON_UNSPECIFIED value
                 * @property {number} TOKEN_EXPIRED=1 TOKEN_EXPIRED value
                 * @property {number} IDLE=2 IDLE value
                 * @property {number} KILLED=3 KILLED value
                 * @property {number} RELAY_SHUTDOWN=4 RELAY_SHUTDOWN value
                 * @property {number} LOCKED=5 LOCKED value
                 * @property {number} MAX_DURATION=6 MAX_DURATION value
                 * @property {number} RECORDER_FAILED=7 RECORDER_FAILED value
                 */
                SessionEnd.Reason = (function() {
                    const valuesById = $Object.create(null), values = $Object.create(valuesById);
                    values[valuesById[0] = "REASON_UNSPECIFIED"] = 0;
                    values[valuesById[1] = "TOKEN_EXPIRED"] = 1;
                    values[valuesById[2] = "IDLE"] = 2;
                    values[valuesById[3] = "KILLED"] = 3;
                    values[valuesById[4] = "RELAY_SHUTDOWN"] = 4;
                    values[valuesById[5] = "LOCKED"] = 5;
                    values[valuesById[6] = "MAX_DURATION"] = 6;
                    values[valuesById[7] = "RECORDER_FAILED"] = 7;
                    return values;
                })();

                return SessionEnd;
            })();

            v1.Trailer = (function() {

                /**
                 * Properties of a Trailer.
                 * @typedef {Object} keyward.recording.v1.Trailer.$Properties
                 * @property {number|Long|null} [recordCount] Trailer recordCount
                 * @property {Uint8Array|null} [finalHash] Trailer finalHash
                 * @property {boolean|null} [truncated] Trailer truncated
                 * @property {number|Long|null} [sealedUnixMs] Trailer sealedUnixMs
                 * @property {Uint8Array|null} [signature] Trailer signature
                 * @property {Uint8Array|null} [finalChain] Trailer finalChain
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a Trailer.
                 * @memberof keyward.recording.v1
                 * @interface ITrailer
                 * @augments keyward.recording.v1.Trailer.$Properties
                 * @deprecated Use keyward.recording.v1.Trailer.$Properties instead.
                 */

                /**
                 * Shape of a Trailer.
                 * @typedef {keyward.recording.v1.Trailer.$Properties} keyward.recording.v1.Trailer.$Shape
                 */

                /**
                 * Constructs a new Trailer.
                 * @memberof keyward.recording.v1
                 * @classdesc Represents a Trailer.
                 * @constructor
                 * @param {keyward.recording.v1.Trailer.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const Trailer = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * Trailer recordCount.
                 * @member {number|Long} recordCount
                 * @memberof keyward.recording.v1.Trailer
                 * @instance
                 */
                Trailer.prototype.recordCount = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                /**
                 * Trailer finalHash.
                 * @member {Uint8Array} finalHash
                 * @memberof keyward.recording.v1.Trailer
                 * @instance
                 */
                Trailer.prototype.finalHash = $util.newBuffer([]);

                /**
                 * Trailer truncated.
                 * @member {boolean} truncated
                 * @memberof keyward.recording.v1.Trailer
                 * @instance
                 */
                Trailer.prototype.truncated = false;

                /**
                 * Trailer sealedUnixMs.
                 * @member {number|Long} sealedUnixMs
                 * @memberof keyward.recording.v1.Trailer
                 * @instance
                 */
                Trailer.prototype.sealedUnixMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

                /**
                 * Trailer signature.
                 * @member {Uint8Array} signature
                 * @memberof keyward.recording.v1.Trailer
                 * @instance
                 */
                Trailer.prototype.signature = $util.newBuffer([]);

                /**
                 * Trailer finalChain.
                 * @member {Uint8Array} finalChain
                 * @memberof keyward.recording.v1.Trailer
                 * @instance
                 */
                Trailer.prototype.finalChain = $util.newBuffer([]);

                /**
                 * Creates a new Trailer instance using the specified properties.
                 * @function create
                 * @memberof keyward.recording.v1.Trailer
                 * @static
                 * @param {keyward.recording.v1.Trailer.$Properties=} [properties] Properties to set
                 * @returns {keyward.recording.v1.Trailer} Trailer instance
                 * @type {{
                 *   (properties: keyward.recording.v1.Trailer.$Shape): keyward.recording.v1.Trailer & keyward.recording.v1.Trailer.$Shape;
                 *   (properties?: keyward.recording.v1.Trailer.$Properties): keyward.recording.v1.Trailer;
                 * }}
                 */
                Trailer.create = function(properties) {
                    return new Trailer(properties);
                };

                /**
                 * Encodes the specified Trailer message. Does not implicitly {@link keyward.recording.v1.Trailer.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.recording.v1.Trailer
                 * @static
                 * @param {keyward.recording.v1.Trailer.$Properties} message Trailer message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Trailer.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.recordCount != null && $Object.hasOwnProperty.call(message, "recordCount") && (typeof message.recordCount === "object" ? message.recordCount.low || message.recordCount.high : message.recordCount !== 0))
                        writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.recordCount);
                    if (message.finalHash != null && $Object.hasOwnProperty.call(message, "finalHash") && message.finalHash.length)
                        writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.finalHash);
                    if (message.truncated != null && $Object.hasOwnProperty.call(message, "truncated") && message.truncated !== false)
                        writer.uint32(/* id 3, wireType 0 =*/24).bool(message.truncated);
                    if (message.sealedUnixMs != null && $Object.hasOwnProperty.call(message, "sealedUnixMs") && (typeof message.sealedUnixMs === "object" ? message.sealedUnixMs.low || message.sealedUnixMs.high : message.sealedUnixMs !== 0))
                        writer.uint32(/* id 4, wireType 0 =*/32).int64(message.sealedUnixMs);
                    if (message.signature != null && $Object.hasOwnProperty.call(message, "signature") && message.signature.length)
                        writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.signature);
                    if (message.finalChain != null && $Object.hasOwnProperty.call(message, "finalChain") && message.finalChain.length)
                        writer.uint32(/* id 6, wireType 2 =*/50).bytes(message.finalChain);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified Trailer message, length delimited. Does not implicitly {@link keyward.recording.v1.Trailer.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.recording.v1.Trailer
                 * @static
                 * @param {keyward.recording.v1.Trailer.$Properties} message Trailer message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Trailer.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a Trailer message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.recording.v1.Trailer
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.recording.v1.Trailer & keyward.recording.v1.Trailer.$Shape} Trailer
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Trailer.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.keyward.recording.v1.Trailer();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        let wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 0)
                                    break;
                                if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                    message.recordCount = value;
                                else
                                    delete message.recordCount;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.bytes()).length)
                                    message.finalHash = value;
                                else
                                    delete message.finalHash;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.bool())
                                    message.truncated = value;
                                else
                                    delete message.truncated;
                                continue;
                            }
                        case 4: {
                                if (wireType !== 0)
                                    break;
                                if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                    message.sealedUnixMs = value;
                                else
                                    delete message.sealedUnixMs;
                                continue;
                            }
                        case 5: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.bytes()).length)
                                    message.signature = value;
                                else
                                    delete message.signature;
                                continue;
                            }
                        case 6: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.bytes()).length)
                                    message.finalChain = value;
                                else
                                    delete message.finalChain;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Decodes a Trailer message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.recording.v1.Trailer
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.recording.v1.Trailer & keyward.recording.v1.Trailer.$Shape} Trailer
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Trailer.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return Trailer;
            })();

            return v1;
        })();

        return recording;
    })();

    return keyward;
})();

export {
  $root as default
};
