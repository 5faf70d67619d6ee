package io.slipway.client.data;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The local state DB that spares re-hashing unchanged files, as DVC's {@code .dvc/tmp/md5s}:
 * maps a {@link FileState} (path, size, mtime, inode) to the SHA-256 of the bytes it had. An
 * entry counts only while all four match; any change makes it stale.
 *
 * <p>A plain append-only file rather than SQLite, because {@code slipway data add} runs in a new
 * JVM each time and loading sqlite-jdbc (extracting its native library, starting its logging)
 * cost more than the whole re-add of 10,000 unchanged files may take. The file is a header
 * naming the format and a random generation, then records of (size, mtime, hashed-at, SHA-256,
 * path, inode), each with its length in front and a CRC-32C behind; a later record for a path
 * replaces an earlier one. {@link #open} reads it whole into memory without locking.
 *
 * <p>Crash safety: a record is trusted only whole and with its CRC right, and reading stops at the
 * first one that is not, so a process killed mid-append leaves a tail that is ignored, then cut
 * off by the next writer. Appends are not fsynced: a power cut may lose the last of them, which
 * costs only re-hashing. Anything that is not this format (another program's file, a torn header)
 * is discarded with a warning and the cache starts empty.
 *
 * <p>Several processes: writers take an exclusive lock on {@code <file>.lock}, a file that is never
 * replaced, and first read what others appended since. When the records outnumber the live entries
 * twice over, the writer compacts: writes the live entries to a temporary file, fsyncs it and
 * renames it over the cache, with a new generation that tells other writers to re-read it whole.
 * Readers never see a half-written file, as a rename is atomic.
 *
 * <p>Methods are synchronized: one instance may be shared by threads.
 */
public final class HashCache implements AutoCloseable {
    /** Environment variable naming the cache directory, instead of {@code ~/.slipway/cache}. */
    public static final String CACHE_DIR_ENV = "SLIPWAY_CACHE_DIR";
    /** Version 1 was a SQLite file, {@code hashes.db}. */
    public static final String FILE_NAME = "hashes-v2.log";

    private static final byte[] MAGIC = "slipway hash cache v2\n".getBytes(US_ASCII);
    private static final int GENERATION_BYTES = 8;
    private static final int HEADER_BYTES = MAGIC.length + GENERATION_BYTES;
    private static final int SHA256_BYTES = 32;
    /** size, mtime, hashed-at, SHA-256, path length, inode length. */
    private static final int FIXED_BODY_BYTES = 3 * Long.BYTES + SHA256_BYTES + 2 * Integer.BYTES;
    private static final int MAX_BODY_BYTES = 1 << 20;
    /** Below this many records a file is never worth compacting. */
    private static final int MIN_RECORDS_TO_COMPACT = 1000;
    private static final HexFormat HEX = HexFormat.of();
    /**
     * A file lock belongs to the process, and Java refuses a second one on the same file from
     * another channel, so caches on one file in one JVM first take turns on this monitor.
     */
    private static final ConcurrentMap<Path, Object> LOCKS_IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final Consumer<String> warnings;
    private final Map<String, Entry> entries = new HashMap<>();
    /** The generation of the file {@link #entries} were read from, and where its valid records end. */
    private long generation;
    private long validEnd;
    /** Records in the file up to {@link #validEnd}, superseded ones included. */
    private long recordsInFile;

    private record Entry(FileState state, String sha256, long hashedAtMillis) {
        /** {@code state.equals(other)}, without bootstrapping a record's equals in a fresh JVM, which costs tens of ms. */
        boolean describes(FileState other) {
            return state.size() == other.size() && state.mtimeNanos() == other.mtimeNanos()
                    && state.path().equals(other.path()) && state.inode().equals(other.inode());
        }
    }

    private HashCache(Path file, Consumer<String> warnings) {
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
        this.warnings = warnings;
    }

    /** {@code $SLIPWAY_CACHE_DIR/hashes-v2.log} if set, else {@code <userHome>/.slipway/cache/hashes-v2.log}. */
    public static Path defaultLocation(Map<String, String> environment, Path userHome) {
        String dir = environment.get(CACHE_DIR_ENV);
        Path base = dir == null || dir.isBlank() ? userHome.resolve(".slipway").resolve("cache") : Path.of(dir);
        return base.resolve(FILE_NAME);
    }

    /** The cache at {@link #defaultLocation} for this process's environment and user. */
    public static HashCache openDefault() throws IOException {
        return open(defaultLocation(System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    /** Opens the cache in {@code file}, creating its directories if missing; warnings go to the platform logger. */
    public static HashCache open(Path file) throws IOException {
        return open(file, message -> System.getLogger(HashCache.class.getName()).log(System.Logger.Level.WARNING, message));
    }

    /**
     * Opens the cache in {@code file}, creating its directories if missing. A file that is not a
     * readable cache is discarded, told to {@code warnings}, and replaced by an empty one.
     */
    public static HashCache open(Path file, Consumer<String> warnings) throws IOException {
        requireNonNull(warnings, "warnings is null");
        Path absolute = file.toAbsolutePath().normalize();
        Files.createDirectories(absolute.getParent());
        Path real = absolute.getParent().toRealPath().resolve(absolute.getFileName());
        HashCache cache = new HashCache(real, warnings);
        cache.load();
        return cache;
    }

    public Path file() {
        return file;
    }

    /**
     * The hashes still valid for {@code files}, by path, as of opening and this instance's own
     * writes; files without a valid entry are absent from the answer.
     */
    public synchronized Map<String, String> lookup(Collection<FileState> files) throws IOException {
        Map<String, String> hashes = new HashMap<>(files.size() * 2);
        for (FileState state : files) {
            Entry entry = entries.get(state.path());
            if (entry != null && entry.describes(state)) {
                hashes.put(state.path(), entry.sha256());
            }
        }
        return hashes;
    }

    /** Records the lower-case hex SHA-256 of each file in the state given, in one append. */
    public synchronized void record(Map<FileState, String> hashes) throws IOException {
        if (hashes.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        Map<String, Entry> added = new HashMap<>(hashes.size() * 2);
        for (Map.Entry<FileState, String> hash : hashes.entrySet()) {
            FileState state = hash.getKey();
            String sha256 = requireNonNull(hash.getValue(), "sha256 is null");
            if (!isSha256Hex(sha256)) {
                throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256);
            }
            if (isUtf8RoundTrip(state.path()) && isUtf8RoundTrip(state.inode())) {
                added.put(state.path(), new Entry(state, sha256, now));
            }
            // else a name Java cannot spell in UTF-8 (a lone surrogate): better re-hashed than mistaken for another
        }
        withFileLock(() -> append(added));
    }

    /** How many files the cache knows, as of opening and this instance's own writes. */
    public synchronized long size() throws IOException {
        return entries.size();
    }

    @Override
    public synchronized void close() throws IOException {
        // nothing held between calls: every write opens, locks and closes the file
    }

    private void load() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            warnings.accept("hash cache " + file + " is unreadable (" + e + "); starting it afresh");
            withFileLock(() -> rewrite(Map.of()));
            return;
        }
        if (!hasHeader(bytes)) {
            warnings.accept("hash cache " + file + " is not a Slipway hash cache (v2) or is damaged; starting it afresh");
            withFileLock(() -> {
                // another process may have replaced it meanwhile
                if (!readFromLockedFile()) {
                    rewrite(Map.of());
                }
            });
            return;
        }
        generation = ByteBuffer.wrap(bytes, MAGIC.length, GENERATION_BYTES).getLong();
        validEnd = HEADER_BYTES + readRecords(bytes, HEADER_BYTES);
    }

    /** Under the lock: catches up with the file, then appends {@code added} or compacts. */
    private void append(Map<String, Entry> added) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (!catchUp(channel)) {
                warnings.accept("hash cache " + file + " is not a Slipway hash cache (v2) or is damaged; starting it afresh");
                channel.close();
                entries.putAll(added);
                rewrite(entries);
                return;
            }
            long records = recordsInFile + added.size();
            entries.putAll(added);
            if (records >= MIN_RECORDS_TO_COMPACT && records > 2L * entries.size()) {
                channel.close();
                rewrite(entries);
                return;
            }
            ByteBuffer buffer = encode(added.values());
            long position = validEnd;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            validEnd = position;
            recordsInFile = records;
        } catch (NoSuchFileException e) {
            entries.putAll(added);
            rewrite(entries);
        }
    }

    /**
     * Under the lock: reads what other processes wrote since this instance last looked, and cuts
     * off a torn or corrupt tail. False if the file has no valid header.
     */
    private boolean catchUp(FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        readFully(channel, header, 0);
        if (header.hasRemaining() || !hasHeader(header.array())) {
            return false;
        }
        long fileGeneration = header.getLong(MAGIC.length);
        if (fileGeneration != generation || validEnd < HEADER_BYTES || size < validEnd) {
            // compacted or replaced since: read it whole; what this instance knew stays true
            generation = fileGeneration;
            validEnd = HEADER_BYTES;
            recordsInFile = 0;
        }
        ByteBuffer tail = ByteBuffer.allocate(Math.toIntExact(size - validEnd));
        readFully(channel, tail, validEnd);
        int valid = readRecords(tail.array(), 0);
        validEnd += valid;
        if (validEnd < size) {
            warnings.accept("hash cache " + file + ": ignoring " + (size - validEnd) + " bytes of torn or corrupt records");
            channel.truncate(validEnd);
        }
        return true;
    }

    /** Under the lock: {@link #catchUp} for {@link #load}, on a file that may have gone or gone bad. */
    private boolean readFromLockedFile() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return catchUp(channel);
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    /** Under the lock: replaces the file by one holding exactly {@code live}, atomically, under a new generation. */
    private void rewrite(Map<String, Entry> live) throws IOException {
        long newGeneration = new SecureRandom().nextLong(); // rare, so not worth a SecureRandom's start-up in every process
        ByteBuffer records = encode(live.values());
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).putLong(newGeneration).flip();
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            while (header.hasRemaining() || records.hasRemaining()) {
                channel.write(new ByteBuffer[] {header, records});
            }
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (live != entries) {
            entries.putAll(live);
        }
        generation = newGeneration;
        validEnd = HEADER_BYTES + records.limit();
        recordsInFile = live.size();
    }

    private interface LockedWork {
        void run() throws IOException;
    }

    private void withFileLock(LockedWork work) throws IOException {
        synchronized (LOCKS_IN_THIS_JVM.computeIfAbsent(lockFile, path -> new Object())) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                work.run();
            }
        }
    }

    /**
     * Adds the records of {@code bytes} from {@code offset} to {@link #entries}, stopping at the
     * first torn or corrupt one; returns the length of the valid ones.
     */
    private int readRecords(byte[] bytes, int offset) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        int position = offset;
        while (bytes.length - position >= Integer.BYTES) {
            int bodyLength = in.getInt(position);
            if (bodyLength < FIXED_BODY_BYTES || bodyLength > MAX_BODY_BYTES || bytes.length - position < bodyLength + 2 * Integer.BYTES) {
                break;
            }
            int bodyStart = position + Integer.BYTES;
            int end = bodyStart + bodyLength;
            crc.reset();
            crc.update(bytes, position, Integer.BYTES + bodyLength);
            if ((int) crc.getValue() != in.getInt(end)) {
                break;
            }
            Entry entry = decode(in, bodyStart, bodyLength);
            if (entry == null) {
                break;
            }
            entries.put(entry.state().path(), entry);
            recordsInFile++;
            position = end + Integer.BYTES;
        }
        return position - offset;
    }

    /** The entry in a record body whose CRC was right, or null if its fields do not add up. */
    private static Entry decode(ByteBuffer in, int start, int length) {
        long size = in.getLong(start);
        long mtimeNanos = in.getLong(start + 8);
        long hashedAtMillis = in.getLong(start + 16);
        byte[] sha256 = new byte[SHA256_BYTES];
        in.get(start + 24, sha256);
        int pathStart = start + 24 + SHA256_BYTES + Integer.BYTES;
        int pathLength = in.getInt(pathStart - Integer.BYTES);
        if (pathLength < 1 || pathLength > length - FIXED_BODY_BYTES) {
            return null;
        }
        int inodeLength = in.getInt(pathStart + pathLength);
        if (FIXED_BODY_BYTES + pathLength + inodeLength != length) {
            return null;
        }
        String path = new String(in.array(), pathStart, pathLength, UTF_8);
        String inode = new String(in.array(), pathStart + pathLength + Integer.BYTES, inodeLength, UTF_8);
        try {
            return new Entry(new FileState(path, size, mtimeNanos, inode), HEX.formatHex(sha256), hashedAtMillis);
        } catch (IllegalArgumentException e) {
            return null; // a relative path: not written by this class
        }
    }

    private static ByteBuffer encode(Collection<Entry> entries) {
        int total = 0;
        byte[][] strings = new byte[entries.size() * 2][];
        int i = 0;
        for (Entry entry : entries) {
            strings[i] = entry.state().path().getBytes(UTF_8);
            strings[i + 1] = entry.state().inode().getBytes(UTF_8);
            total += 2 * Integer.BYTES + FIXED_BODY_BYTES + strings[i].length + strings[i + 1].length;
            i += 2;
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        CRC32C crc = new CRC32C();
        i = 0;
        for (Entry entry : entries) {
            byte[] path = strings[i++];
            byte[] inode = strings[i++];
            int start = out.position();
            out.putInt(FIXED_BODY_BYTES + path.length + inode.length)
                    .putLong(entry.state().size())
                    .putLong(entry.state().mtimeNanos())
                    .putLong(entry.hashedAtMillis())
                    .put(HEX.parseHex(entry.sha256()))
                    .putInt(path.length).put(path)
                    .putInt(inode.length).put(inode);
            crc.reset();
            crc.update(out.array(), start, out.position() - start);
            out.putInt((int) crc.getValue());
        }
        return out.flip();
    }

    private static boolean hasHeader(byte[] bytes) {
        return bytes.length >= HEADER_BYTES && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                return;
            }
        }
    }

    private static boolean isSha256Hex(String value) {
        if (value.length() != 2 * SHA256_BYTES) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUtf8RoundTrip(String value) {
        return new String(value.getBytes(UTF_8), UTF_8).equals(value);
    }
}
