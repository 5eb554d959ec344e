package dev.lanes.spark;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The all-reduce of the barrier tasks: every step, each task sends the gradients of its shards to task 0, which
 * adds the shards' gradients in shard order (0, 1, …, numShards − 1) and sends the sum back to every task. The
 * order of the additions depends on the number of shards only, never on which task holds which shard, so every
 * replica gets the same bits on any number of tasks and executors.
 *
 * <p>Why not a ring: a ring all-reduce moves 2(T − 1)/T of the gradient through each task, where this moves
 * (T − 1) gradients into task 0 and (T − 1) out, so task 0's link carries T − 1 times more than a ring's busiest
 * link. But a ring's sum order follows the ring, so the bits would change with the task count unless every
 * shard's gradient travelled separately (which costs as much as gathering). For fully-connected networks of
 * up to a few million parameters on tens of tasks, a step's gradient is a few megabytes and gathering is cheap;
 * exact reproducibility is worth more than the bandwidth.
 *
 * <p>Endpoints are exchanged through {@code BarrierTaskContext.allGather}; the connections last for the whole
 * stage. Reads wake up every second to ask {@code killed} whether Spark has cancelled the task (a failed peer
 * fails the barrier stage), and a closed peer ends the read with an exception, so no task waits forever.
 */
final class GradientExchange implements AutoCloseable {

    /** Connection set-up and reads give up after this long without progress. */
    static final int TIMEOUT_MILLIS = 600_000;
    private static final int POLL_MILLIS = 1_000;

    private final int task;
    private final int[][] shardsOfTask;
    private final int numShards;
    private final int parameters;
    private final BooleanSupplier killed;
    private final ServerSocket server;
    private final Socket[] peers;          // on task 0: index t holds task t's connection; elsewhere index 0 holds task 0's
    private final float[][] byShard;       // task 0: every shard's gradient, by shard
    private final byte[] wire;

    private GradientExchange(int task, int[][] shardsOfTask, int numShards, int parameters, BooleanSupplier killed,
                             ServerSocket server, Socket[] peers) {
        this.task = task;
        this.shardsOfTask = shardsOfTask;
        this.numShards = numShards;
        this.parameters = parameters;
        this.killed = killed;
        this.server = server;
        this.peers = peers;
        this.byShard = task == 0 ? new float[numShards][] : null;
        if (task == 0) {
            for (int t = 1; t < shardsOfTask.length; t++) {
                for (int shard : shardsOfTask[t]) {
                    byShard[shard] = new float[parameters];
                }
            }
        }
        int mostShards = 0;
        for (int[] shards : shardsOfTask) {
            mostShards = Math.max(mostShards, shards.length);
        }
        this.wire = new byte[Math.max(mostShards, 1) * parameters * Float.BYTES];
    }

    /** The first half of the set-up: task 0 listens; the endpoint to publish ("" on other tasks). */
    static ServerSocket listen(int task, String host) throws IOException {
        if (task != 0) {
            return null;
        }
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
        server.setSoTimeout(POLL_MILLIS);
        return server;
    }

    /** The endpoint of a listening socket, for allGather. */
    static String endpoint(ServerSocket server, String host) {
        return server == null ? "" : host + ":" + server.getLocalPort();
    }

    /**
     * The second half: connects the tasks once every endpoint is known.
     *
     * @param endpoints what every task published, by task (task 0's is the one used)
     * @param shardsOfTask the shards of each task, ascending
     */
    static GradientExchange connect(int task, ServerSocket server, String[] endpoints, int[][] shardsOfTask, int numShards,
                                    int parameters, BooleanSupplier killed) throws IOException {
        int tasks = shardsOfTask.length;
        Socket[] peers = new Socket[tasks];
        try {
            if (task == 0) {
                long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
                for (int accepted = 1; accepted < tasks; ) {
                    try {
                        Socket s = server.accept();
                        configure(s);
                        int from = readHello(s, killed);
                        if (from <= 0 || from >= tasks || peers[from] != null) {
                            s.close();
                            throw new IOException("GradientExchange: unexpected hello from task " + from);
                        }
                        peers[from] = s;
                        accepted++;
                    } catch (SocketTimeoutException e) {
                        checkAlive(killed, deadline, "waiting for the other tasks to connect");
                    }
                }
            } else {
                String[] hostPort = endpoints[0].split(":");
                Socket s = new Socket();
                s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), TIMEOUT_MILLIS);
                configure(s);
                peers[0] = s;
                s.getOutputStream().write(ByteBuffer.allocate(4).putInt(task).array());
                s.getOutputStream().flush();
            }
        } catch (IOException | RuntimeException e) {
            closeAll(server, peers);
            throw e;
        }
        return new GradientExchange(task, shardsOfTask, numShards, parameters, killed, server, peers);
    }

    private static void configure(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        s.setSoTimeout(POLL_MILLIS);
    }

    private static int readHello(Socket s, BooleanSupplier killed) throws IOException {
        byte[] hello = new byte[4];
        readFully(s.getInputStream(), hello, hello.length, killed);
        return ByteBuffer.wrap(hello).getInt();
    }

    /**
     * The sum over every shard, in shard order, of the shards' gradients.
     *
     * @param local this task's shards' gradients, in the order of its shards (ascending), each {@code parameters} long
     * @param sum receives the sum, {@code parameters} long; the same bits on every task
     */
    void allReduce(float[][] local, float[] sum) throws IOException {
        if (task == 0) {
            int[] mine = shardsOfTask[0];
            for (int i = 0; i < mine.length; i++) {
                byShard[mine[i]] = local[i];
            }
            for (int t = 1; t < peers.length; t++) {
                int[] theirs = shardsOfTask[t];
                int bytes = theirs.length * parameters * Float.BYTES;
                readFully(peers[t].getInputStream(), wire, bytes, killed);
                ByteBuffer in = ByteBuffer.wrap(wire, 0, bytes).order(ByteOrder.LITTLE_ENDIAN);
                for (int shard : theirs) {
                    in.asFloatBuffer().get(byShard[shard]);
                    in.position(in.position() + parameters * Float.BYTES);
                }
            }
            System.arraycopy(byShard[0], 0, sum, 0, parameters);
            for (int s = 1; s < numShards; s++) {
                float[] g = byShard[s];
                for (int j = 0; j < parameters; j++) {
                    sum[j] += g[j];
                }
            }
            ByteBuffer out = ByteBuffer.wrap(wire, 0, parameters * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            out.asFloatBuffer().put(sum, 0, parameters);
            for (int t = 1; t < peers.length; t++) {
                OutputStream o = peers[t].getOutputStream();
                o.write(wire, 0, parameters * Float.BYTES);
                o.flush();
            }
        } else {
            ByteBuffer out = ByteBuffer.wrap(wire, 0, local.length * parameters * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] g : local) {
                out.asFloatBuffer().put(g, 0, parameters);
                out.position(out.position() + parameters * Float.BYTES);
            }
            OutputStream o = peers[0].getOutputStream();
            o.write(wire, 0, local.length * parameters * Float.BYTES);
            o.flush();
            readFully(peers[0].getInputStream(), wire, parameters * Float.BYTES, killed);
            ByteBuffer.wrap(wire, 0, parameters * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(sum, 0, parameters);
        }
    }

    /** Reads exactly {@code length} bytes, waking every poll interval to give up if the task was killed. */
    private static void readFully(InputStream in, byte[] buffer, int length, BooleanSupplier killed) throws IOException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        int done = 0;
        while (done < length) {
            int n;
            try {
                n = in.read(buffer, done, length - done);
            } catch (SocketTimeoutException e) {
                checkAlive(killed, deadline, "waiting for a peer's gradients");
                continue;
            }
            if (n < 0) {
                throw new EOFException("GradientExchange: a peer task closed its connection mid-step (it failed or was killed)");
            }
            done += n;
            deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        }
    }

    private static void checkAlive(BooleanSupplier killed, long deadline, String what) throws IOException {
        if (killed.getAsBoolean()) {
            throw new IOException("GradientExchange: task killed while " + what);
        }
        if (System.currentTimeMillis() > deadline) {
            throw new SocketTimeoutException("GradientExchange: no progress for " + TIMEOUT_MILLIS / 1000 + " s while " + what);
        }
    }

    @Override
    public void close() {
        closeAll(server, peers);
    }

    private static void closeAll(ServerSocket server, Socket[] peers) {
        List<AutoCloseable> all = new ArrayList<>();
        if (server != null) {
            all.add(server);
        }
        for (Socket s : peers) {
            if (s != null) {
                all.add(s);
            }
        }
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing after a failure: the first failure is the one reported
            }
        }
    }
}
