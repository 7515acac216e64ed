package cn.wenxin.gateway.durability;

import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client on a plain TCP socket that reads only when told to: until then the server's writes pile up in
 * the kernel buffers (kept small here) and then in the server's own write queue, as with a phone whose connection
 * stalled. Frames are written masked, as a client must; the server's frames are read unmasked.
 */
final class StalledSocket implements AutoCloseable {

  private final Socket socket = new Socket();
  private final SecureRandom random = new SecureRandom();
  private DataInputStream in;
  private OutputStream out;

  StalledSocket connect(String base) throws IOException {
    socket.setReceiveBufferSize(4096);   // before connect, so the advertised window stays small
    java.net.URI uri = java.net.URI.create(base);
    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    byte[] key = new byte[16];
    random.nextBytes(key);
    out.write(("GET /ws HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
        + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during the handshake: " + head);
      }
      head.append((char) b);
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException("not upgraded: " + head);
    }
    return this;
  }

  synchronized void send(JsonObject frame) throws IOException {
    byte[] payload = frame.encode().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write(0x81);
    if (payload.length < 126) {
      f.write(0x80 | payload.length);
    } else {
      f.write(0x80 | 126);
      f.write(payload.length >>> 8);
      f.write(payload.length & 0xff);
    }
    byte[] mask = new byte[4];
    random.nextBytes(mask);
    f.write(mask);
    for (int i = 0; i < payload.length; i++) {
      f.write(payload[i] ^ mask[i % 4]);
    }
    out.write(f.toByteArray());
    out.flush();
  }

  /** The next text message (control frames skipped), or null when the connection ended without a close frame. */
  JsonObject next() throws IOException {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    while (true) {
      int b0 = in.read();
      if (b0 < 0) {
        return null;
      }
      int b1 = in.readUnsignedByte();
      long len = b1 & 0x7f;
      if (len == 126) {
        len = in.readUnsignedShort();
      } else if (len == 127) {
        len = in.readLong();
      }
      byte[] payload = new byte[(int) len];
      in.readFully(payload);
      int opcode = b0 & 0x0f;
      if (opcode == 0x8) {
        throw new IOException("closed by the server: " + (payload.length >= 2
            ? ((payload[0] & 0xff) << 8 | (payload[1] & 0xff)) + " " + new String(payload, 2, payload.length - 2,
            StandardCharsets.UTF_8) : "no code"));
      }
      if (opcode == 0x1 || opcode == 0x0) {
        message.write(payload);
        if ((b0 & 0x80) != 0) {
          return new JsonObject(message.toString(StandardCharsets.UTF_8));
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
