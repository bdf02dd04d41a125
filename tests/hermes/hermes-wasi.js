/*
 * A minimal WASI preview1 for Hermes, in plain ES5: Hermes 0.12 has no `class` syntax, no
 * TextEncoder/TextDecoder and no file system, so Heron's runtime-support/wasi cannot run
 * there. This covers what the bench programs import (args, environ, fd_write to stdout and
 * stderr, fd_close / fd_seek / fd_fdstat_get on those, proc_exit) and captures the output
 * bytes instead of printing them: the test reads one line from the driver,
 * `HERON-RESULT {"exitCode":N,"stdout":HEX,"stderr":HEX}`, so stdout is compared byte for byte.
 *
 * Loaded as text by tests/hermes/hermes-script.ts and concatenated in front of the driver.
 */
function heronHermesWasi(args, env) {
  var ERRNO_SUCCESS = 0;
  var ERRNO_BADF = 8;
  var ERRNO_SPIPE = 70;
  var FILETYPE_CHARACTER_DEVICE = 2;
  var captured = { 1: [], 2: [] };
  var memory = null;

  function ProcExit(code) {
    this.code = code;
  }

  function utf8(text) {
    var bytes = [];
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
        code = 0x10000 + ((code - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
      }
      if (code < 0x80) bytes.push(code);
      else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
      else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
      else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    }
    bytes.push(0);
    return bytes;
  }

  function view() {
    return new DataView(memory.buffer);
  }

  function sizes(strings, countPtr, sizePtr) {
    var total = 0;
    for (var i = 0; i < strings.length; i++) total += utf8(strings[i]).length;
    view().setUint32(countPtr, strings.length, true);
    view().setUint32(sizePtr, total, true);
    return ERRNO_SUCCESS;
  }

  function store(strings, pointersPtr, bufferPtr) {
    var bytes = new Uint8Array(memory.buffer);
    for (var i = 0; i < strings.length; i++) {
      var encoded = utf8(strings[i]);
      view().setUint32(pointersPtr + 4 * i, bufferPtr, true);
      for (var j = 0; j < encoded.length; j++) bytes[bufferPtr + j] = encoded[j];
      bufferPtr += encoded.length;
    }
    return ERRNO_SUCCESS;
  }

  var environ = [];
  for (var key in env) environ.push(key + '=' + env[key]);

  var imports = {
    args_sizes_get: function (countPtr, sizePtr) {
      return sizes(args, countPtr, sizePtr);
    },
    args_get: function (pointersPtr, bufferPtr) {
      return store(args, pointersPtr, bufferPtr);
    },
    environ_sizes_get: function (countPtr, sizePtr) {
      return sizes(environ, countPtr, sizePtr);
    },
    environ_get: function (pointersPtr, bufferPtr) {
      return store(environ, pointersPtr, bufferPtr);
    },
    fd_write: function (fd, iovs, iovsLength, writtenPtr) {
      var sink = captured[fd];
      if (sink === undefined) return ERRNO_BADF;
      var bytes = new Uint8Array(memory.buffer);
      var written = 0;
      for (var i = 0; i < iovsLength; i++) {
        var base = view().getUint32(iovs + 8 * i, true);
        var length = view().getUint32(iovs + 8 * i + 4, true);
        for (var j = 0; j < length; j++) sink.push(bytes[base + j]);
        written += length;
      }
      view().setUint32(writtenPtr, written, true);
      return ERRNO_SUCCESS;
    },
    fd_close: function (fd) {
      return captured[fd] === undefined ? ERRNO_BADF : ERRNO_SUCCESS;
    },
    fd_seek: function (fd) {
      return captured[fd] === undefined ? ERRNO_BADF : ERRNO_SPIPE;
    },
    fd_fdstat_get: function (fd, statPtr) {
      if (captured[fd] === undefined) return ERRNO_BADF;
      var bytes = new Uint8Array(memory.buffer);
      for (var i = 0; i < 24; i++) bytes[statPtr + i] = 0;
      bytes[statPtr] = FILETYPE_CHARACTER_DEVICE;
      return ERRNO_SUCCESS;
    },
    proc_exit: function (code) {
      throw new ProcExit(code);
    },
  };

  function hex(bytes) {
    var out = '';
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return out;
  }

  return {
    imports: imports,
    /** Runs `_start`; returns the exit code (proc_exit's, or 0 when `_start` returns). */
    start: function (instance) {
      memory = instance.exports.memory;
      var exitCode = 0;
      try {
        instance.exports._start();
      } catch (error) {
        if (!(error instanceof ProcExit)) throw error;
        exitCode = error.code;
      }
      return exitCode;
    },
    report: function (exitCode) {
      return 'HERON-RESULT ' + JSON.stringify({ exitCode: exitCode, stdout: hex(captured[1]), stderr: hex(captured[2]) });
    },
  };
}
