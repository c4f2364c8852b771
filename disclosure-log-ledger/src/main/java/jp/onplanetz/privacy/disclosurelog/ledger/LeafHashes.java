package jp.onplanetz.privacy.disclosurelog.ledger;

import java.util.List;
import java.util.Objects;

/**
 * The leaf hashes of a log, in log order: what the Merkle tree and the hash chain are computed over.
 * <p>
 * An interface rather than a list so that the service can back it by the database (one row per record, the
 * leaf hash stored with it) and hand it to {@link MerkleTree} and {@link HashChain} without loading the whole
 * log into memory. Indexes are {@code long} because a log's size is (RFC 9162 counts leaves in 64 bits).
 */
public interface LeafHashes {

    /** How many leaves the log has. */
    long size();

    /**
     * @param index {@code 0 <= index < size()}
     * @return the 32-byte leaf hash at that index ({@link MerkleTree#leafHash(byte[])} of the record's bytes)
     */
    byte[] get(long index);

    /** A view of a list of leaf hashes (not a copy: later changes to the list show through). */
    static LeafHashes of(List<byte[]> leafHashes) {
        Objects.requireNonNull(leafHashes, "leafHashes");
        return new LeafHashes() {
            @Override
            public long size() {
                return leafHashes.size();
            }

            @Override
            public byte[] get(long index) {
                return leafHashes.get(Math.toIntExact(index));
            }
        };
    }
}
