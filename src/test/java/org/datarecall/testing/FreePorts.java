package org.datarecall.testing;

import java.io.IOException;
import java.net.ServerSocket;

/** Ports nobody listens on now, for the servers a test starts. */
public final class FreePorts {

    /** A service's two ports: HTTP and management. */
    public record Service(int http, int management) {
    }

    private FreePorts() {
    }

    public static int one() {
        return take(1)[0];
    }

    /** Two ports, different from each other, for one service. */
    public static Service service() {
        int[] ports = take(2);
        return new Service(ports[0], ports[1]);
    }

    /** The sockets stay open until all are taken, so the system never hands out the same port twice here. */
    private static int[] take(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // the port is free either way
                    }
                }
            }
        }
    }
}
