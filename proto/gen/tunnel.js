/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
const $root = $protobuf.roots["tunnel"] || ($protobuf.roots["tunnel"] = {});

export const keyward = $root.keyward = (() => {

    /**
     * Namespace keyward.
     * @exports keyward
     * @namespace
     */
    const keyward = {};

    keyward.tunnel = (function() {

        /**
         * Namespace tunnel.
         * @memberof keyward
         * @namespace
         */
        const tunnel = {};

        tunnel.v1 = (function() {

            /**
             * Namespace v1.
             * @memberof keyward.tunnel
             * @namespace
             */
            const v1 = {};

            v1.Header = (function() {

                /**
                 * Properties of a Header.
                 * @typedef {Object} keyward.tunnel.v1.Header.$Properties
                 * @property {string|null} [name] Header name
                 * @property {string|null} [value] Header value
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a Header.
                 * @memberof keyward.tunnel.v1
                 * @interface IHeader
                 * @augments keyward.tunnel.v1.Header.$Properties
                 * @deprecated Use keyward.tunnel.v1.Header.$Properties instead.
                 */

                /**
                 * Shape of a Header.
                 * @typedef {keyward.tunnel.v1.Header.$Properties} keyward.tunnel.v1.Header.$Shape
                 */

                /**
                 * Constructs a new Header.
                 * @memberof keyward.tunnel.v1
                 * @classdesc Represents a Header.
                 * @constructor
                 * @param {keyward.tunnel.v1.Header.$Properties=} [properties] Properties to set
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
                 * @memberof keyward.tunnel.v1.Header
                 * @instance
                 */
                Header.prototype.name = "";

                /**
                 * Header value.
                 * @member {string} value
                 * @memberof keyward.tunnel.v1.Header
                 * @instance
                 */
                Header.prototype.value = "";

                /**
                 * Creates a new Header instance using the specified properties.
                 * @function create
                 * @memberof keyward.tunnel.v1.Header
                 * @static
                 * @param {keyward.tunnel.v1.Header.$Properties=} [properties] Properties to set
                 * @returns {keyward.tunnel.v1.Header} Header instance
                 * @type {{
                 *   (properties: keyward.tunnel.v1.Header.$Shape): keyward.tunnel.v1.Header & keyward.tunnel.v1.Header.$Shape;
                 *   (properties?: keyward.tunnel.v1.Header.$Properties): keyward.tunnel.v1.Header;
                 * }}
                 */
                Header.create = function(properties) {
                    return new Header(properties);
                };

                /**
                 * Encodes the specified Header message. Does not implicitly {@link keyward.tunnel.v1.Header.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.tunnel.v1.Header
                 * @static
                 * @param {keyward.tunnel.v1.Header.$Properties} message Header message or plain object to encode
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
                 * Encodes the specified Header message, length delimited. Does not implicitly {@link keyward.tunnel.v1.Header.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.tunnel.v1.Header
                 * @static
                 * @param {keyward.tunnel.v1.Header.$Properties} message Header message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Header.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a Header message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.tunnel.v1.Header
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.tunnel.v1.Header & keyward.tunnel.v1.Header.$Shape} Header
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
                    message = _target || new $root.keyward.tunnel.v1.Header();
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
                 * @memberof keyward.tunnel.v1.Header
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.tunnel.v1.Header & keyward.tunnel.v1.Header.$Shape} Header
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

            v1.Hello = (function() {

                /**
                 * Properties of a Hello.
                 * @typedef {Object} keyward.tunnel.v1.Hello.$Properties
                 * @property {string|null} [agentId] Hello agentId
                 * @property {Array.<string>|null} [connections] Hello connections
                 * @property {string|null} [version] Hello version
                 * @property {number|null} [capabilities] Hello capabilities
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a Hello.
                 * @memberof keyward.tunnel.v1
                 * @interface IHello
                 * @augments keyward.tunnel.v1.Hello.$Properties
                 * @deprecated Use keyward.tunnel.v1.Hello.$Properties instead.
                 */

                /**
                 * Shape of a Hello.
                 * @typedef {keyward.tunnel.v1.Hello.$Properties} keyward.tunnel.v1.Hello.$Shape
                 */

                /**
                 * Constructs a new Hello.
                 * @memberof keyward.tunnel.v1
                 * @classdesc Represents a Hello.
                 * @constructor
                 * @param {keyward.tunnel.v1.Hello.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const Hello = function (properties) {
                    this.connections = [];
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * Hello agentId.
                 * @member {string} agentId
                 * @memberof keyward.tunnel.v1.Hello
                 * @instance
                 */
                Hello.prototype.agentId = "";

                /**
                 * Hello connections.
                 * @member {Array.<string>} connections
                 * @memberof keyward.tunnel.v1.Hello
                 * @instance
                 */
                Hello.prototype.connections = $util.emptyArray;

                /**
                 * Hello version.
                 * @member {string} version
                 * @memberof keyward.tunnel.v1.Hello
                 * @instance
                 */
                Hello.prototype.version = "";

                /**
                 * Hello capabilities.
                 * @member {number} capabilities
                 * @memberof keyward.tunnel.v1.Hello
                 * @instance
                 */
                Hello.prototype.capabilities = 0;

                /**
                 * Creates a new Hello instance using the specified properties.
                 * @function create
                 * @memberof keyward.tunnel.v1.Hello
                 * @static
                 * @param {keyward.tunnel.v1.Hello.$Properties=} [properties] Properties to set
                 * @returns {keyward.tunnel.v1.Hello} Hello instance
                 * @type {{
                 *   (properties: keyward.tunnel.v1.Hello.$Shape): keyward.tunnel.v1.Hello & keyward.tunnel.v1.Hello.$Shape;
                 *   (properties?: keyward.tunnel.v1.Hello.$Properties): keyward.tunnel.v1.Hello;
                 * }}
                 */
                Hello.create = function(properties) {
                    return new Hello(properties);
                };

                /**
                 * Encodes the specified Hello message. Does not implicitly {@link keyward.tunnel.v1.Hello.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.tunnel.v1.Hello
                 * @static
                 * @param {keyward.tunnel.v1.Hello.$Properties} message Hello message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Hello.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.agentId != null && $Object.hasOwnProperty.call(message, "agentId") && message.agentId !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.agentId);
                    if (message.connections != null && message.connections.length)
                        for (let i = 0; i < message.connections.length; ++i)
                            writer.uint32(/* id 2, wireType 2 =*/18).string(message.connections[i]);
                    if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== "")
                        writer.uint32(/* id 3, wireType 2 =*/26).string(message.version);
                    if (message.capabilities != null && $Object.hasOwnProperty.call(message, "capabilities") && message.capabilities !== 0)
                        writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.capabilities);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified Hello message, length delimited. Does not implicitly {@link keyward.tunnel.v1.Hello.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.tunnel.v1.Hello
                 * @static
                 * @param {keyward.tunnel.v1.Hello.$Properties} message Hello message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Hello.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a Hello message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.tunnel.v1.Hello
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.tunnel.v1.Hello & keyward.tunnel.v1.Hello.$Shape} Hello
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Hello.decode = function (reader, length, _end, _depth, _target) {
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
                    message = _target || new $root.keyward.tunnel.v1.Hello();
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
                                    message.agentId = value;
                                else
                                    delete message.agentId;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.connections && message.connections.length))
                                    message.connections = [];
                                message.connections.push(reader.stringVerify());
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.version = value;
                                else
                                    delete message.version;
                                continue;
                            }
                        case 4: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.capabilities = value;
                                else
                                    delete message.capabilities;
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
                 * Decodes a Hello message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.tunnel.v1.Hello
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.tunnel.v1.Hello & keyward.tunnel.v1.Hello.$Shape} Hello
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Hello.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return Hello;
            })();

            v1.Welcome = (function() {

                /**
                 * Properties of a Welcome.
                 * @typedef {Object} keyward.tunnel.v1.Welcome.$Properties
                 * @property {string|null} [relayId] Welcome relayId
                 * @property {number|null} [maxFrameBytes] Welcome maxFrameBytes
                 * @property {number|null} [initialWindowBytes] Welcome initialWindowBytes
                 * @property {number|null} [capabilities] Welcome capabilities
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a Welcome.
                 * @memberof keyward.tunnel.v1
                 * @interface IWelcome
                 * @augments keyward.tunnel.v1.Welcome.$Properties
                 * @deprecated Use keyward.tunnel.v1.Welcome.$Properties instead.
                 */

                /**
                 * Shape of a Welcome.
                 * @typedef {keyward.tunnel.v1.Welcome.$Properties} keyward.tunnel.v1.Welcome.$Shape
                 */

                /**
                 * Constructs a new Welcome.
                 * @memberof keyward.tunnel.v1
                 * @classdesc Represents a Welcome.
                 * @constructor
                 * @param {keyward.tunnel.v1.Welcome.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const Welcome = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * Welcome relayId.
                 * @member {string} relayId
                 * @memberof keyward.tunnel.v1.Welcome
                 * @instance
                 */
                Welcome.prototype.relayId = "";

                /**
                 * Welcome maxFrameBytes.
                 * @member {number} maxFrameBytes
                 * @memberof keyward.tunnel.v1.Welcome
                 * @instance
                 */
                Welcome.prototype.maxFrameBytes = 0;

                /**
                 * Welcome initialWindowBytes.
                 * @member {number} initialWindowBytes
                 * @memberof keyward.tunnel.v1.Welcome
                 * @instance
                 */
                Welcome.prototype.initialWindowBytes = 0;

                /**
                 * Welcome capabilities.
                 * @member {number} capabilities
                 * @memberof keyward.tunnel.v1.Welcome
                 * @instance
                 */
                Welcome.prototype.capabilities = 0;

                /**
                 * Creates a new Welcome instance using the specified properties.
                 * @function create
                 * @memberof keyward.tunnel.v1.Welcome
                 * @static
                 * @param {keyward.tunnel.v1.Welcome.$Properties=} [properties] Properties to set
                 * @returns {keyward.tunnel.v1.Welcome} Welcome instance
                 * @type {{
                 *   (properties: keyward.tunnel.v1.Welcome.$Shape): keyward.tunnel.v1.Welcome & keyward.tunnel.v1.Welcome.$Shape;
                 *   (properties?: keyward.tunnel.v1.Welcome.$Properties): keyward.tunnel.v1.Welcome;
                 * }}
                 */
                Welcome.create = function(properties) {
                    return new Welcome(properties);
                };

                /**
                 * Encodes the specified Welcome message. Does not implicitly {@link keyward.tunnel.v1.Welcome.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.tunnel.v1.Welcome
                 * @static
                 * @param {keyward.tunnel.v1.Welcome.$Properties} message Welcome message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Welcome.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.relayId != null && $Object.hasOwnProperty.call(message, "relayId") && message.relayId !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.relayId);
                    if (message.maxFrameBytes != null && $Object.hasOwnProperty.call(message, "maxFrameBytes") && message.maxFrameBytes !== 0)
                        writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.maxFrameBytes);
                    if (message.initialWindowBytes != null && $Object.hasOwnProperty.call(message, "initialWindowBytes") && message.initialWindowBytes !== 0)
                        writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.initialWindowBytes);
                    if (message.capabilities != null && $Object.hasOwnProperty.call(message, "capabilities") && message.capabilities !== 0)
                        writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.capabilities);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified Welcome message, length delimited. Does not implicitly {@link keyward.tunnel.v1.Welcome.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.tunnel.v1.Welcome
                 * @static
                 * @param {keyward.tunnel.v1.Welcome.$Properties} message Welcome message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Welcome.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a Welcome message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.tunnel.v1.Welcome
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.tunnel.v1.Welcome & keyward.tunnel.v1.Welcome.$Shape} Welcome
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Welcome.decode = function (reader, length, _end, _depth, _target) {
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
                    message = _target || new $root.keyward.tunnel.v1.Welcome();
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
                                    message.relayId = value;
                                else
                                    delete message.relayId;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.maxFrameBytes = value;
                                else
                                    delete message.maxFrameBytes;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.initialWindowBytes = value;
                                else
                                    delete message.initialWindowBytes;
                                continue;
                            }
                        case 4: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.capabilities = value;
                                else
                                    delete message.capabilities;
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
                 * Decodes a Welcome message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.tunnel.v1.Welcome
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.tunnel.v1.Welcome & keyward.tunnel.v1.Welcome.$Shape} Welcome
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Welcome.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return Welcome;
            })();

            v1.Open = (function() {

                /**
                 * Properties of an Open.
                 * @typedef {Object} keyward.tunnel.v1.Open.$Properties
                 * @property {string|null} [connection] Open connection
                 * @property {string|null} [method] Open method
                 * @property {string|null} [path] Open path
                 * @property {Array.<keyward.tunnel.v1.Header.$Properties>|null} [headers] Open headers
                 * @property {string|null} [exchangeId] Open exchangeId
                 * @property {number|null} [windowBytes] Open windowBytes
                 * @property {Uint8Array|null} [body] Open body
                 * @property {boolean|null} [endStream] Open endStream
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of an Open.
                 * @memberof keyward.tunnel.v1
                 * @interface IOpen
                 * @augments keyward.tunnel.v1.Open.$Properties
                 * @deprecated Use keyward.tunnel.v1.Open.$Properties instead.
                 */

                /**
                 * Shape of an Open.
                 * @typedef {keyward.tunnel.v1.Open.$Properties} keyward.tunnel.v1.Open.$Shape
                 */

                /**
                 * Constructs a new Open.
                 * @memberof keyward.tunnel.v1
                 * @classdesc Represents an Open.
                 * @constructor
                 * @param {keyward.tunnel.v1.Open.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const Open = function (properties) {
                    this.headers = [];
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * Open connection.
                 * @member {string} connection
                 * @memberof keyward.tunnel.v1.Open
                 * @instance
                 */
                Open.prototype.connection = "";

                /**
                 * Open method.
                 * @member {string} method
                 * @memberof keyward.tunnel.v1.Open
                 * @instance
                 */
                Open.prototype.method = "";

                /**
                 * Open path.
                 * @member {string} path
                 * @memberof keyward.tunnel.v1.Open
                 * @instance
                 */
                Open.prototype.path = "";

                /**
                 * Open headers.
                 * @member {Array.<keyward.tunnel.v1.Header.$Properties>} headers
                 * @memberof keyward.tunnel.v1.Open
                 * @instance
                 */
                Open.prototype.headers = $util.emptyArray;

                /**
                 * Open exchangeId.
                 * @member {string} exchangeId
                 * @memberof keyward.tunnel.v1.Open
                 * @instance
                 */
                Open.prototype.exchangeId = "";

                /**
                 * Open windowBytes.
                 * @member {number} windowBytes
                 * @memberof keyward.tunnel.v1.Open
                 * @instance
                 */
                Open.prototype.windowBytes = 0;

                /**
                 * Open body.
                 * @member {Uint8Array} body
                 * @memberof keyward.tunnel.v1.Open
                 * @instance
                 */
                Open.prototype.body = $util.newBuffer([]);

                /**
                 * Open endStream.
                 * @member {boolean} endStream
                 * @memberof keyward.tunnel.v1.Open
                 * @instance
                 */
                Open.prototype.endStream = false;

                /**
                 * Creates a new Open instance using the specified properties.
                 * @function create
                 * @memberof keyward.tunnel.v1.Open
                 * @static
                 * @param {keyward.tunnel.v1.Open.$Properties=} [properties] Properties to set
                 * @returns {keyward.tunnel.v1.Open} Open instance
                 * @type {{
                 *   (properties: keyward.tunnel.v1.Open.$Shape): keyward.tunnel.v1.Open & keyward.tunnel.v1.Open.$Shape;
                 *   (properties?: keyward.tunnel.v1.Open.$Properties): keyward.tunnel.v1.Open;
                 * }}
                 */
                Open.create = function(properties) {
                    return new Open(properties);
                };

                /**
                 * Encodes the specified Open message. Does not implicitly {@link keyward.tunnel.v1.Open.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.tunnel.v1.Open
                 * @static
                 * @param {keyward.tunnel.v1.Open.$Properties} message Open message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Open.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.connection != null && $Object.hasOwnProperty.call(message, "connection") && message.connection !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.connection);
                    if (message.method != null && $Object.hasOwnProperty.call(message, "method") && message.method !== "")
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.method);
                    if (message.path != null && $Object.hasOwnProperty.call(message, "path") && message.path !== "")
                        writer.uint32(/* id 3, wireType 2 =*/26).string(message.path);
                    if (message.headers != null && message.headers.length)
                        for (let i = 0; i < message.headers.length; ++i)
                            $root.keyward.tunnel.v1.Header.encode(message.headers[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                    if (message.exchangeId != null && $Object.hasOwnProperty.call(message, "exchangeId") && message.exchangeId !== "")
                        writer.uint32(/* id 5, wireType 2 =*/42).string(message.exchangeId);
                    if (message.windowBytes != null && $Object.hasOwnProperty.call(message, "windowBytes") && message.windowBytes !== 0)
                        writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.windowBytes);
                    if (message.body != null && $Object.hasOwnProperty.call(message, "body") && message.body.length)
                        writer.uint32(/* id 7, wireType 2 =*/58).bytes(message.body);
                    if (message.endStream != null && $Object.hasOwnProperty.call(message, "endStream") && message.endStream !== false)
                        writer.uint32(/* id 8, wireType 0 =*/64).bool(message.endStream);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified Open message, length delimited. Does not implicitly {@link keyward.tunnel.v1.Open.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.tunnel.v1.Open
                 * @static
                 * @param {keyward.tunnel.v1.Open.$Properties} message Open message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Open.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes an Open message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.tunnel.v1.Open
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.tunnel.v1.Open & keyward.tunnel.v1.Open.$Shape} Open
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Open.decode = function (reader, length, _end, _depth, _target) {
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
                    message = _target || new $root.keyward.tunnel.v1.Open();
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
                                    message.connection = value;
                                else
                                    delete message.connection;
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
                                if (!(message.headers && message.headers.length))
                                    message.headers = [];
                                message.headers.push($root.keyward.tunnel.v1.Header.decode(reader, reader.size(), $undefined, _depth + 1));
                                continue;
                            }
                        case 5: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.exchangeId = value;
                                else
                                    delete message.exchangeId;
                                continue;
                            }
                        case 6: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.windowBytes = value;
                                else
                                    delete message.windowBytes;
                                continue;
                            }
                        case 7: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.bytes()).length)
                                    message.body = value;
                                else
                                    delete message.body;
                                continue;
                            }
                        case 8: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.bool())
                                    message.endStream = value;
                                else
                                    delete message.endStream;
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
                 * Decodes an Open message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.tunnel.v1.Open
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.tunnel.v1.Open & keyward.tunnel.v1.Open.$Shape} Open
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Open.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return Open;
            })();

            v1.Head = (function() {

                /**
                 * Properties of a Head.
                 * @typedef {Object} keyward.tunnel.v1.Head.$Properties
                 * @property {number|null} [status] Head status
                 * @property {Array.<keyward.tunnel.v1.Header.$Properties>|null} [headers] Head headers
                 * @property {number|null} [windowBytes] Head windowBytes
                 * @property {Uint8Array|null} [body] Head body
                 * @property {boolean|null} [endStream] Head endStream
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a Head.
                 * @memberof keyward.tunnel.v1
                 * @interface IHead
                 * @augments keyward.tunnel.v1.Head.$Properties
                 * @deprecated Use keyward.tunnel.v1.Head.$Properties instead.
                 */

                /**
                 * Shape of a Head.
                 * @typedef {keyward.tunnel.v1.Head.$Properties} keyward.tunnel.v1.Head.$Shape
                 */

                /**
                 * Constructs a new Head.
                 * @memberof keyward.tunnel.v1
                 * @classdesc Represents a Head.
                 * @constructor
                 * @param {keyward.tunnel.v1.Head.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const Head = function (properties) {
                    this.headers = [];
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * Head status.
                 * @member {number} status
                 * @memberof keyward.tunnel.v1.Head
                 * @instance
                 */
                Head.prototype.status = 0;

                /**
                 * Head headers.
                 * @member {Array.<keyward.tunnel.v1.Header.$Properties>} headers
                 * @memberof keyward.tunnel.v1.Head
                 * @instance
                 */
                Head.prototype.headers = $util.emptyArray;

                /**
                 * Head windowBytes.
                 * @member {number} windowBytes
                 * @memberof keyward.tunnel.v1.Head
                 * @instance
                 */
                Head.prototype.windowBytes = 0;

                /**
                 * Head body.
                 * @member {Uint8Array} body
                 * @memberof keyward.tunnel.v1.Head
                 * @instance
                 */
                Head.prototype.body = $util.newBuffer([]);

                /**
                 * Head endStream.
                 * @member {boolean} endStream
                 * @memberof keyward.tunnel.v1.Head
                 * @instance
                 */
                Head.prototype.endStream = false;

                /**
                 * Creates a new Head instance using the specified properties.
                 * @function create
                 * @memberof keyward.tunnel.v1.Head
                 * @static
                 * @param {keyward.tunnel.v1.Head.$Properties=} [properties] Properties to set
                 * @returns {keyward.tunnel.v1.Head} Head instance
                 * @type {{
                 *   (properties: keyward.tunnel.v1.Head.$Shape): keyward.tunnel.v1.Head & keyward.tunnel.v1.Head.$Shape;
                 *   (properties?: keyward.tunnel.v1.Head.$Properties): keyward.tunnel.v1.Head;
                 * }}
                 */
                Head.create = function(properties) {
                    return new Head(properties);
                };

                /**
                 * Encodes the specified Head message. Does not implicitly {@link keyward.tunnel.v1.Head.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.tunnel.v1.Head
                 * @static
                 * @param {keyward.tunnel.v1.Head.$Properties} message Head message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Head.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.status != null && $Object.hasOwnProperty.call(message, "status") && message.status !== 0)
                        writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.status);
                    if (message.headers != null && message.headers.length)
                        for (let i = 0; i < message.headers.length; ++i)
                            $root.keyward.tunnel.v1.Header.encode(message.headers[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                    if (message.windowBytes != null && $Object.hasOwnProperty.call(message, "windowBytes") && message.windowBytes !== 0)
                        writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.windowBytes);
                    if (message.body != null && $Object.hasOwnProperty.call(message, "body") && message.body.length)
                        writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.body);
                    if (message.endStream != null && $Object.hasOwnProperty.call(message, "endStream") && message.endStream !== false)
                        writer.uint32(/* id 5, wireType 0 =*/40).bool(message.endStream);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified Head message, length delimited. Does not implicitly {@link keyward.tunnel.v1.Head.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.tunnel.v1.Head
                 * @static
                 * @param {keyward.tunnel.v1.Head.$Properties} message Head message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Head.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a Head message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.tunnel.v1.Head
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.tunnel.v1.Head & keyward.tunnel.v1.Head.$Shape} Head
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Head.decode = function (reader, length, _end, _depth, _target) {
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
                    message = _target || new $root.keyward.tunnel.v1.Head();
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
                                    message.status = value;
                                else
                                    delete message.status;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.headers && message.headers.length))
                                    message.headers = [];
                                message.headers.push($root.keyward.tunnel.v1.Header.decode(reader, reader.size(), $undefined, _depth + 1));
                                continue;
                            }
                        case 3: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.windowBytes = value;
                                else
                                    delete message.windowBytes;
                                continue;
                            }
                        case 4: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.bytes()).length)
                                    message.body = value;
                                else
                                    delete message.body;
                                continue;
                            }
                        case 5: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.bool())
                                    message.endStream = value;
                                else
                                    delete message.endStream;
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
                 * Decodes a Head message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.tunnel.v1.Head
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.tunnel.v1.Head & keyward.tunnel.v1.Head.$Shape} Head
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Head.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return Head;
            })();

            v1.Data = (function() {

                /**
                 * Properties of a Data.
                 * @typedef {Object} keyward.tunnel.v1.Data.$Properties
                 * @property {Uint8Array|null} [chunk] Data chunk
                 * @property {boolean|null} [endStream] Data endStream
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a Data.
                 * @memberof keyward.tunnel.v1
                 * @interface IData
                 * @augments keyward.tunnel.v1.Data.$Properties
                 * @deprecated Use keyward.tunnel.v1.Data.$Properties instead.
                 */

                /**
                 * Shape of a Data.
                 * @typedef {keyward.tunnel.v1.Data.$Properties} keyward.tunnel.v1.Data.$Shape
                 */

                /**
                 * Constructs a new Data.
                 * @memberof keyward.tunnel.v1
                 * @classdesc Represents a Data.
                 * @constructor
                 * @param {keyward.tunnel.v1.Data.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const Data = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * Data chunk.
                 * @member {Uint8Array} chunk
                 * @memberof keyward.tunnel.v1.Data
                 * @instance
                 */
                Data.prototype.chunk = $util.newBuffer([]);

                /**
                 * Data endStream.
                 * @member {boolean} endStream
                 * @memberof keyward.tunnel.v1.Data
                 * @instance
                 */
                Data.prototype.endStream = false;

                /**
                 * Creates a new Data instance using the specified properties.
                 * @function create
                 * @memberof keyward.tunnel.v1.Data
                 * @static
                 * @param {keyward.tunnel.v1.Data.$Properties=} [properties] Properties to set
                 * @returns {keyward.tunnel.v1.Data} Data instance
                 * @type {{
                 *   (properties: keyward.tunnel.v1.Data.$Shape): keyward.tunnel.v1.Data & keyward.tunnel.v1.Data.$Shape;
                 *   (properties?: keyward.tunnel.v1.Data.$Properties): keyward.tunnel.v1.Data;
                 * }}
                 */
                Data.create = function(properties) {
                    return new Data(properties);
                };

                /**
                 * Encodes the specified Data message. Does not implicitly {@link keyward.tunnel.v1.Data.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.tunnel.v1.Data
                 * @static
                 * @param {keyward.tunnel.v1.Data.$Properties} message Data message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Data.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.chunk != null && $Object.hasOwnProperty.call(message, "chunk") && message.chunk.length)
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.chunk);
                    if (message.endStream != null && $Object.hasOwnProperty.call(message, "endStream") && message.endStream !== false)
                        writer.uint32(/* id 2, wireType 0 =*/16).bool(message.endStream);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified Data message, length delimited. Does not implicitly {@link keyward.tunnel.v1.Data.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.tunnel.v1.Data
                 * @static
                 * @param {keyward.tunnel.v1.Data.$Properties} message Data message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Data.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a Data message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.tunnel.v1.Data
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.tunnel.v1.Data & keyward.tunnel.v1.Data.$Shape} Data
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Data.decode = function (reader, length, _end, _depth, _target) {
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
                    message = _target || new $root.keyward.tunnel.v1.Data();
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
                                    message.chunk = value;
                                else
                                    delete message.chunk;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.bool())
                                    message.endStream = value;
                                else
                                    delete message.endStream;
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
                 * Decodes a Data message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.tunnel.v1.Data
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.tunnel.v1.Data & keyward.tunnel.v1.Data.$Shape} Data
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Data.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return Data;
            })();

            v1.End = (function() {

                /**
                 * Properties of an End.
                 * @typedef {Object} keyward.tunnel.v1.End.$Properties
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of an End.
                 * @memberof keyward.tunnel.v1
                 * @interface IEnd
                 * @augments keyward.tunnel.v1.End.$Properties
                 * @deprecated Use keyward.tunnel.v1.End.$Properties instead.
                 */

                /**
                 * Shape of an End.
                 * @typedef {keyward.tunnel.v1.End.$Properties} keyward.tunnel.v1.End.$Shape
                 */

                /**
                 * Constructs a new End.
                 * @memberof keyward.tunnel.v1
                 * @classdesc Represents an End.
                 * @constructor
                 * @param {keyward.tunnel.v1.End.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const End = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * Creates a new End instance using the specified properties.
                 * @function create
                 * @memberof keyward.tunnel.v1.End
                 * @static
                 * @param {keyward.tunnel.v1.End.$Properties=} [properties] Properties to set
                 * @returns {keyward.tunnel.v1.End} End instance
                 * @type {{
                 *   (properties: keyward.tunnel.v1.End.$Shape): keyward.tunnel.v1.End & keyward.tunnel.v1.End.$Shape;
                 *   (properties?: keyward.tunnel.v1.End.$Properties): keyward.tunnel.v1.End;
                 * }}
                 */
                End.create = function(properties) {
                    return new End(properties);
                };

                /**
                 * Encodes the specified End message. Does not implicitly {@link keyward.tunnel.v1.End.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.tunnel.v1.End
                 * @static
                 * @param {keyward.tunnel.v1.End.$Properties} message End message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                End.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified End message, length delimited. Does not implicitly {@link keyward.tunnel.v1.End.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.tunnel.v1.End
                 * @static
                 * @param {keyward.tunnel.v1.End.$Properties} message End message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                End.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes an End message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.tunnel.v1.End
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.tunnel.v1.End & keyward.tunnel.v1.End.$Shape} End
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                End.decode = function (reader, length, _end, _depth, _target) {
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
                    message = _target || new $root.keyward.tunnel.v1.End();
                    while (reader.pos < end) {
                        let start = reader.pos;
                        let tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        reader.skipType(tag & 7, _depth, tag);
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
                 * Decodes an End message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.tunnel.v1.End
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.tunnel.v1.End & keyward.tunnel.v1.End.$Shape} End
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                End.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return End;
            })();

            v1.Reset = (function() {

                /**
                 * Properties of a Reset.
                 * @typedef {Object} keyward.tunnel.v1.Reset.$Properties
                 * @property {string|null} [code] Reset code
                 * @property {string|null} [message] Reset message
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a Reset.
                 * @memberof keyward.tunnel.v1
                 * @interface IReset
                 * @augments keyward.tunnel.v1.Reset.$Properties
                 * @deprecated Use keyward.tunnel.v1.Reset.$Properties instead.
                 */

                /**
                 * Shape of a Reset.
                 * @typedef {keyward.tunnel.v1.Reset.$Properties} keyward.tunnel.v1.Reset.$Shape
                 */

                /**
                 * Constructs a new Reset.
                 * @memberof keyward.tunnel.v1
                 * @classdesc Represents a Reset.
                 * @constructor
                 * @param {keyward.tunnel.v1.Reset.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const Reset = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * Reset code.
                 * @member {string} code
                 * @memberof keyward.tunnel.v1.Reset
                 * @instance
                 */
                Reset.prototype.code = "";

                /**
                 * Reset message.
                 * @member {string} message
                 * @memberof keyward.tunnel.v1.Reset
                 * @instance
                 */
                Reset.prototype.message = "";

                /**
                 * Creates a new Reset instance using the specified properties.
                 * @function create
                 * @memberof keyward.tunnel.v1.Reset
                 * @static
                 * @param {keyward.tunnel.v1.Reset.$Properties=} [properties] Properties to set
                 * @returns {keyward.tunnel.v1.Reset} Reset instance
                 * @type {{
                 *   (properties: keyward.tunnel.v1.Reset.$Shape): keyward.tunnel.v1.Reset & keyward.tunnel.v1.Reset.$Shape;
                 *   (properties?: keyward.tunnel.v1.Reset.$Properties): keyward.tunnel.v1.Reset;
                 * }}
                 */
                Reset.create = function(properties) {
                    return new Reset(properties);
                };

                /**
                 * Encodes the specified Reset message. Does not implicitly {@link keyward.tunnel.v1.Reset.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.tunnel.v1.Reset
                 * @static
                 * @param {keyward.tunnel.v1.Reset.$Properties} message Reset message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Reset.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.code);
                    if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.message);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified Reset message, length delimited. Does not implicitly {@link keyward.tunnel.v1.Reset.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.tunnel.v1.Reset
                 * @static
                 * @param {keyward.tunnel.v1.Reset.$Properties} message Reset message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Reset.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a Reset message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.tunnel.v1.Reset
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.tunnel.v1.Reset & keyward.tunnel.v1.Reset.$Shape} Reset
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Reset.decode = function (reader, length, _end, _depth, _target) {
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
                    message = _target || new $root.keyward.tunnel.v1.Reset();
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
                                    message.code = value;
                                else
                                    delete message.code;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.message = value;
                                else
                                    delete message.message;
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
                 * Decodes a Reset message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.tunnel.v1.Reset
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.tunnel.v1.Reset & keyward.tunnel.v1.Reset.$Shape} Reset
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Reset.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return Reset;
            })();

            v1.Credit = (function() {

                /**
                 * Properties of a Credit.
                 * @typedef {Object} keyward.tunnel.v1.Credit.$Properties
                 * @property {number|null} [bytes] Credit bytes
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a Credit.
                 * @memberof keyward.tunnel.v1
                 * @interface ICredit
                 * @augments keyward.tunnel.v1.Credit.$Properties
                 * @deprecated Use keyward.tunnel.v1.Credit.$Properties instead.
                 */

                /**
                 * Shape of a Credit.
                 * @typedef {keyward.tunnel.v1.Credit.$Properties} keyward.tunnel.v1.Credit.$Shape
                 */

                /**
                 * Constructs a new Credit.
                 * @memberof keyward.tunnel.v1
                 * @classdesc Represents a Credit.
                 * @constructor
                 * @param {keyward.tunnel.v1.Credit.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const Credit = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * Credit bytes.
                 * @member {number} bytes
                 * @memberof keyward.tunnel.v1.Credit
                 * @instance
                 */
                Credit.prototype.bytes = 0;

                /**
                 * Creates a new Credit instance using the specified properties.
                 * @function create
                 * @memberof keyward.tunnel.v1.Credit
                 * @static
                 * @param {keyward.tunnel.v1.Credit.$Properties=} [properties] Properties to set
                 * @returns {keyward.tunnel.v1.Credit} Credit instance
                 * @type {{
                 *   (properties: keyward.tunnel.v1.Credit.$Shape): keyward.tunnel.v1.Credit & keyward.tunnel.v1.Credit.$Shape;
                 *   (properties?: keyward.tunnel.v1.Credit.$Properties): keyward.tunnel.v1.Credit;
                 * }}
                 */
                Credit.create = function(properties) {
                    return new Credit(properties);
                };

                /**
                 * Encodes the specified Credit message. Does not implicitly {@link keyward.tunnel.v1.Credit.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.tunnel.v1.Credit
                 * @static
                 * @param {keyward.tunnel.v1.Credit.$Properties} message Credit message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Credit.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.bytes != null && $Object.hasOwnProperty.call(message, "bytes") && message.bytes !== 0)
                        writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.bytes);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified Credit message, length delimited. Does not implicitly {@link keyward.tunnel.v1.Credit.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.tunnel.v1.Credit
                 * @static
                 * @param {keyward.tunnel.v1.Credit.$Properties} message Credit message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Credit.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a Credit message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.tunnel.v1.Credit
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.tunnel.v1.Credit & keyward.tunnel.v1.Credit.$Shape} Credit
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Credit.decode = function (reader, length, _end, _depth, _target) {
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
                    message = _target || new $root.keyward.tunnel.v1.Credit();
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
                                    message.bytes = value;
                                else
                                    delete message.bytes;
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
                 * Decodes a Credit message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.tunnel.v1.Credit
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.tunnel.v1.Credit & keyward.tunnel.v1.Credit.$Shape} Credit
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Credit.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return Credit;
            })();

            v1.GoAway = (function() {

                /**
                 * Properties of a GoAway.
                 * @typedef {Object} keyward.tunnel.v1.GoAway.$Properties
                 * @property {string|null} [code] GoAway code
                 * @property {string|null} [message] GoAway message
                 * @property {number|null} [lastStreamId] GoAway lastStreamId
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a GoAway.
                 * @memberof keyward.tunnel.v1
                 * @interface IGoAway
                 * @augments keyward.tunnel.v1.GoAway.$Properties
                 * @deprecated Use keyward.tunnel.v1.GoAway.$Properties instead.
                 */

                /**
                 * Shape of a GoAway.
                 * @typedef {keyward.tunnel.v1.GoAway.$Properties} keyward.tunnel.v1.GoAway.$Shape
                 */

                /**
                 * Constructs a new GoAway.
                 * @memberof keyward.tunnel.v1
                 * @classdesc Represents a GoAway.
                 * @constructor
                 * @param {keyward.tunnel.v1.GoAway.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const GoAway = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * GoAway code.
                 * @member {string} code
                 * @memberof keyward.tunnel.v1.GoAway
                 * @instance
                 */
                GoAway.prototype.code = "";

                /**
                 * GoAway message.
                 * @member {string} message
                 * @memberof keyward.tunnel.v1.GoAway
                 * @instance
                 */
                GoAway.prototype.message = "";

                /**
                 * GoAway lastStreamId.
                 * @member {number} lastStreamId
                 * @memberof keyward.tunnel.v1.GoAway
                 * @instance
                 */
                GoAway.prototype.lastStreamId = 0;

                /**
                 * Creates a new GoAway instance using the specified properties.
                 * @function create
                 * @memberof keyward.tunnel.v1.GoAway
                 * @static
                 * @param {keyward.tunnel.v1.GoAway.$Properties=} [properties] Properties to set
                 * @returns {keyward.tunnel.v1.GoAway} GoAway instance
                 * @type {{
                 *   (properties: keyward.tunnel.v1.GoAway.$Shape): keyward.tunnel.v1.GoAway & keyward.tunnel.v1.GoAway.$Shape;
                 *   (properties?: keyward.tunnel.v1.GoAway.$Properties): keyward.tunnel.v1.GoAway;
                 * }}
                 */
                GoAway.create = function(properties) {
                    return new GoAway(properties);
                };

                /**
                 * Encodes the specified GoAway message. Does not implicitly {@link keyward.tunnel.v1.GoAway.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.tunnel.v1.GoAway
                 * @static
                 * @param {keyward.tunnel.v1.GoAway.$Properties} message GoAway message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                GoAway.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.code);
                    if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.message);
                    if (message.lastStreamId != null && $Object.hasOwnProperty.call(message, "lastStreamId") && message.lastStreamId !== 0)
                        writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.lastStreamId);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified GoAway message, length delimited. Does not implicitly {@link keyward.tunnel.v1.GoAway.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.tunnel.v1.GoAway
                 * @static
                 * @param {keyward.tunnel.v1.GoAway.$Properties} message GoAway message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                GoAway.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a GoAway message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.tunnel.v1.GoAway
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.tunnel.v1.GoAway & keyward.tunnel.v1.GoAway.$Shape} GoAway
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                GoAway.decode = function (reader, length, _end, _depth, _target) {
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
                    message = _target || new $root.keyward.tunnel.v1.GoAway();
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
                                    message.code = value;
                                else
                                    delete message.code;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.message = value;
                                else
                                    delete message.message;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.lastStreamId = value;
                                else
                                    delete message.lastStreamId;
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
                 * Decodes a GoAway message from the specified reader or buffer, length delimited.
                 * @function decodeDelimited
                 * @memberof keyward.tunnel.v1.GoAway
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.tunnel.v1.GoAway & keyward.tunnel.v1.GoAway.$Shape} GoAway
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                GoAway.decodeDelimited = function(reader) {
                    if (!(reader instanceof $Reader))
                        reader = new $Reader(reader);
                    return this.decode(reader, reader.size());
                };

                return GoAway;
            })();

            v1.Frame = (function() {

                /**
                 * Properties of a Frame.
                 * @typedef {Object} keyward.tunnel.v1.Frame.$Properties
                 * @property {number|null} [streamId] Frame streamId
                 * @property {number|null} [seq] Frame seq
                 * @property {keyward.tunnel.v1.Hello.$Properties|null} [hello] Frame hello
                 * @property {keyward.tunnel.v1.Welcome.$Properties|null} [welcome] Frame welcome
                 * @property {keyward.tunnel.v1.Open.$Properties|null} [open] Frame open
                 * @property {keyward.tunnel.v1.Head.$Properties|null} [head] Frame head
                 * @property {keyward.tunnel.v1.Data.$Properties|null} [data] Frame data
                 * @property {keyward.tunnel.v1.End.$Properties|null} [end] Frame end
                 * @property {keyward.tunnel.v1.Reset.$Properties|null} [reset] Frame reset
                 * @property {keyward.tunnel.v1.Credit.$Properties|null} [credit] Frame credit
                 * @property {keyward.tunnel.v1.GoAway.$Properties|null} [goAway] Frame goAway
                 * @property {"hello"|"welcome"|"open"|"head"|"data"|"end"|"reset"|"credit"|"goAway"} [kind] Frame kind
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a Frame.
                 * @memberof keyward.tunnel.v1
                 * @interface IFrame
                 * @augments keyward.tunnel.v1.Frame.$Properties
                 * @deprecated Use keyward.tunnel.v1.Frame.$Properties instead.
                 */

                /**
                 * Narrowed shape of a Frame.
                 * @typedef {{
                 *   streamId?: number|null;
                 *   seq?: number|null;
                 *   hello?: keyward.tunnel.v1.Hello.$Shape|null;
                 *   welcome?: keyward.tunnel.v1.Welcome.$Shape|null;
                 *   open?: keyward.tunnel.v1.Open.$Shape|null;
                 *   head?: keyward.tunnel.v1.Head.$Shape|null;
                 *   data?: keyward.tunnel.v1.Data.$Shape|null;
                 *   end?: keyward.tunnel.v1.End.$Shape|null;
                 *   reset?: keyward.tunnel.v1.Reset.$Shape|null;
                 *   credit?: keyward.tunnel.v1.Credit.$Shape|null;
                 *   goAway?: keyward.tunnel.v1.GoAway.$Shape|null;
                 *   $unknowns?: Array.<Uint8Array>;
                 * } & (
                 *   ({ kind?: undefined; hello?: null; welcome?: null; open?: null; head?: null; data?: null; end?: null; reset?: null; credit?: null; goAway?: null }|{ kind?: "hello"; hello: keyward.tunnel.v1.Hello.$Shape; welcome?: null; open?: null; head?: null; data?: null; end?: null; reset?: null; credit?: null; goAway?: null }|{ kind?: "welcome"; hello?: null; welcome: keyward.tunnel.v1.Welcome.$Shape; open?: null; head?: null; data?: null; end?: null; reset?: null; credit?: null; goAway?: null }|{ kind?: "open"; hello?: null; welcome?: null; open: keyward.tunnel.v1.Open.$Shape; head?: null; data?: null; end?: null; reset?: null; credit?: null; goAway?: null }|{ kind?: "head"; hello?: null; welcome?: null; open?: null; head: keyward.tunnel.v1.Head.$Shape; data?: null; end?: null; reset?: null; credit?: null; goAway?: null }|{ kind?: "data"; hello?: null; welcome?: null; open?: null; head?: null; data: keyward.tunnel.v1.Data.$Shape; end?: null; reset?: null; credit?: null; goAway?: null }|{ kind?: "end"; hello?: null; welcome?: null; open?: null; head?: null; data?: null; end: keyward.tunnel.v1.End.$Shape; reset?: null; credit?: null; goAway?: null }|{ kind?: "reset"; hello?: null; welcome?: null; open?: null; head?: null; data?: null; end?: null; reset: keyward.tunnel.v1.Reset.$Shape; credit?: null; goAway?: null }|{ kind?: "credit"; hello?: null; welcome?: null; open?: null; head?: null; data?: null; end?: null; reset?: null; credit: keyward.tunnel.v1.Credit.$Shape; goAway?: null }|{ kind?: "goAway"; hello?: null; welcome?: null; open?: null; head?: null; data?: null; end?: null; reset?: null; credit?: null; goAway: keyward.tunnel.v1.GoAway.$Shape })
                 * )} keyward.tunnel.v1.Frame.$Shape
                 */

                /**
                 * Constructs a new Frame.
                 * @memberof keyward.tunnel.v1
                 * @classdesc Represents a Frame.
                 * @constructor
                 * @param {keyward.tunnel.v1.Frame.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const Frame = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * Frame streamId.
                 * @member {number} streamId
                 * @memberof keyward.tunnel.v1.Frame
                 * @instance
                 */
                Frame.prototype.streamId = 0;

                /**
                 * Frame seq.
                 * @member {number} seq
                 * @memberof keyward.tunnel.v1.Frame
                 * @instance
                 */
                Frame.prototype.seq = 0;

                /**
                 * Frame hello.
                 * @member {keyward.tunnel.v1.Hello.$Properties|null|undefined} hello
                 * @memberof keyward.tunnel.v1.Frame
                 * @instance
                 */
                Frame.prototype.hello = null;

                /**
                 * Frame welcome.
                 * @member {keyward.tunnel.v1.Welcome.$Properties|null|undefined} welcome
                 * @memberof keyward.tunnel.v1.Frame
                 * @instance
                 */
                Frame.prototype.welcome = null;

                /**
                 * Frame open.
                 * @member {keyward.tunnel.v1.Open.$Properties|null|undefined} open
                 * @memberof keyward.tunnel.v1.Frame
                 * @instance
                 */
                Frame.prototype.open = null;

                /**
                 * Frame head.
                 * @member {keyward.tunnel.v1.Head.$Properties|null|undefined} head
                 * @memberof keyward.tunnel.v1.Frame
                 * @instance
                 */
                Frame.prototype.head = null;

                /**
                 * Frame data.
                 * @member {keyward.tunnel.v1.Data.$Properties|null|undefined} data
                 * @memberof keyward.tunnel.v1.Frame
                 * @instance
                 */
                Frame.prototype.data = null;

                /**
                 * Frame end.
                 * @member {keyward.tunnel.v1.End.$Properties|null|undefined} end
                 * @memberof keyward.tunnel.v1.Frame
                 * @instance
                 */
                Frame.prototype.end = null;

                /**
                 * Frame reset.
                 * @member {keyward.tunnel.v1.Reset.$Properties|null|undefined} reset
                 * @memberof keyward.tunnel.v1.Frame
                 * @instance
                 */
                Frame.prototype.reset = null;

                /**
                 * Frame credit.
                 * @member {keyward.tunnel.v1.Credit.$Properties|null|undefined} credit
                 * @memberof keyward.tunnel.v1.Frame
                 * @instance
                 */
                Frame.prototype.credit = null;

                /**
                 * Frame goAway.
                 * @member {keyward.tunnel.v1.GoAway.$Properties|null|undefined} goAway
                 * @memberof keyward.tunnel.v1.Frame
                 * @instance
                 */
                Frame.prototype.goAway = null;

                // OneOf field names bound to virtual getters and setters
                let $oneOfFields;

                /**
                 * Frame kind.
                 * @member {"hello"|"welcome"|"open"|"head"|"data"|"end"|"reset"|"credit"|"goAway"|undefined} kind
                 * @memberof keyward.tunnel.v1.Frame
                 * @instance
                 */
                $Object.defineProperty(Frame.prototype, "kind", {
                    get: $util.oneOfGetter($oneOfFields = ["hello", "welcome", "open", "head", "data", "end", "reset", "credit", "goAway"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                /**
                 * Creates a new Frame instance using the specified properties.
                 * @function create
                 * @memberof keyward.tunnel.v1.Frame
                 * @static
                 * @param {keyward.tunnel.v1.Frame.$Properties=} [properties] Properties to set
                 * @returns {keyward.tunnel.v1.Frame} Frame instance
                 * @type {{
                 *   (properties: keyward.tunnel.v1.Frame.$Shape): keyward.tunnel.v1.Frame & keyward.tunnel.v1.Frame.$Shape;
                 *   (properties?: keyward.tunnel.v1.Frame.$Properties): keyward.tunnel.v1.Frame;
                 * }}
                 */
                Frame.create = function(properties) {
                    return new Frame(properties);
                };

                /**
                 * Encodes the specified Frame message. Does not implicitly {@link keyward.tunnel.v1.Frame.verify|verify} messages.
                 * @function encode
                 * @memberof keyward.tunnel.v1.Frame
                 * @static
                 * @param {keyward.tunnel.v1.Frame.$Properties} message Frame message or plain object to encode
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
                    if (message.streamId != null && $Object.hasOwnProperty.call(message, "streamId") && message.streamId !== 0)
                        writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.streamId);
                    if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && message.seq !== 0)
                        writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.seq);
                    if (message.hello != null && $Object.hasOwnProperty.call(message, "hello"))
                        $root.keyward.tunnel.v1.Hello.encode(message.hello, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                    if (message.welcome != null && $Object.hasOwnProperty.call(message, "welcome"))
                        $root.keyward.tunnel.v1.Welcome.encode(message.welcome, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                    if (message.open != null && $Object.hasOwnProperty.call(message, "open"))
                        $root.keyward.tunnel.v1.Open.encode(message.open, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                    if (message.head != null && $Object.hasOwnProperty.call(message, "head"))
                        $root.keyward.tunnel.v1.Head.encode(message.head, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                    if (message.data != null && $Object.hasOwnProperty.call(message, "data"))
                        $root.keyward.tunnel.v1.Data.encode(message.data, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                    if (message.end != null && $Object.hasOwnProperty.call(message, "end"))
                        $root.keyward.tunnel.v1.End.encode(message.end, writer.uint32(/* id 8, wireType 2 =*/66).fork(), _depth + 1).ldelim();
                    if (message.reset != null && $Object.hasOwnProperty.call(message, "reset"))
                        $root.keyward.tunnel.v1.Reset.encode(message.reset, writer.uint32(/* id 9, wireType 2 =*/74).fork(), _depth + 1).ldelim();
                    if (message.credit != null && $Object.hasOwnProperty.call(message, "credit"))
                        $root.keyward.tunnel.v1.Credit.encode(message.credit, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                    if (message.goAway != null && $Object.hasOwnProperty.call(message, "goAway"))
                        $root.keyward.tunnel.v1.GoAway.encode(message.goAway, writer.uint32(/* id 11, wireType 2 =*/90).fork(), _depth + 1).ldelim();
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Encodes the specified Frame message, length delimited. Does not implicitly {@link keyward.tunnel.v1.Frame.verify|verify} messages.
                 * @function encodeDelimited
                 * @memberof keyward.tunnel.v1.Frame
                 * @static
                 * @param {keyward.tunnel.v1.Frame.$Properties} message Frame message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Frame.encodeDelimited = function(message, writer) {
                    return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
                };

                /**
                 * Decodes a Frame message from the specified reader or buffer.
                 * @function decode
                 * @memberof keyward.tunnel.v1.Frame
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {keyward.tunnel.v1.Frame & keyward.tunnel.v1.Frame.$Shape} Frame
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
                    message = _target || new $root.keyward.tunnel.v1.Frame();
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
                                    message.streamId = value;
                                else
                                    delete message.streamId;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.seq = value;
                                else
                                    delete message.seq;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                message.hello = $root.keyward.tunnel.v1.Hello.decode(reader, reader.size(), $undefined, _depth + 1, message.hello);
                                message.kind = "hello";
                                continue;
                            }
                        case 4: {
                                if (wireType !== 2)
                                    break;
                                message.welcome = $root.keyward.tunnel.v1.Welcome.decode(reader, reader.size(), $undefined, _depth + 1, message.welcome);
                                message.kind = "welcome";
                                continue;
                            }
                        case 5: {
                                if (wireType !== 2)
                                    break;
                                message.open = $root.keyward.tunnel.v1.Open.decode(reader, reader.size(), $undefined, _depth + 1, message.open);
                                message.kind = "open";
                                continue;
                            }
                        case 6: {
                                if (wireType !== 2)
                                    break;
                                message.head = $root.keyward.tunnel.v1.Head.decode(reader, reader.size(), $undefined, _depth + 1, message.head);
                                message.kind = "head";
                                continue;
                            }
                        case 7: {
                                if (wireType !== 2)
                                    break;
                                message.data = $root.keyward.tunnel.v1.Data.decode(reader, reader.size(), $undefined, _depth + 1, message.data);
                                message.kind = "data";
                                continue;
                            }
                        case 8: {
                                if (wireType !== 2)
                                    break;
                                message.end = $root.keyward.tunnel.v1.End.decode(reader, reader.size(), $undefined, _depth + 1, message.end);
                                message.kind = "end";
                                continue;
                            }
                        case 9: {
                                if (wireType !== 2)
                                    break;
                                message.reset = $root.keyward.tunnel.v1.Reset.decode(reader, reader.size(), $undefined, _depth + 1, message.reset);
                                message.kind = "reset";
                                continue;
                            }
                        case 10: {
                                if (wireType !== 2)
                                    break;
                                message.credit = $root.keyward.tunnel.v1.Credit.decode(reader, reader.size(), $undefined, _depth + 1, message.credit);
                                message.kind = "credit";
                                continue;
                            }
                        case 11: {
                                if (wireType !== 2)
                                    break;
                                message.goAway = $root.keyward.tunnel.v1.GoAway.decode(reader, reader.size(), $undefined, _depth + 1, message.goAway);
                                message.kind = "goAway";
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
                 * @memberof keyward.tunnel.v1.Frame
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @returns {keyward.tunnel.v1.Frame & keyward.tunnel.v1.Frame.$Shape} Frame
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

            return v1;
        })();

        return tunnel;
    })();

    return keyward;
})();

export {
  $root as default
};
