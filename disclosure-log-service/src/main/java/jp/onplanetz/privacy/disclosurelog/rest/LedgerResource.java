package jp.onplanetz.privacy.disclosurelog.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jp.onplanetz.privacy.disclosurelog.ledger.SignedCheckpoint;
import jp.onplanetz.privacy.disclosurelog.service.ledger.CheckpointKey;
import jp.onplanetz.privacy.disclosurelog.service.ledger.LedgerService;
import jp.onplanetz.privacy.disclosurelog.service.ledger.LedgerVerificationService;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The ledger's proofs: its public key, its signed checkpoints, inclusion and consistency proofs, and the
 * verification of everything stored. Proofs carry hashes only, never a record; anyone with a token of the suite
 * may ask for them, and the key is public.
 */
@Path("/api/v1/ledger")
@Tag(name = "ledger proofs")
@Produces(MediaType.APPLICATION_JSON)
public class LedgerResource {

    public record KeyView(String keyName, String verifierKey, Map<String, String> jwk) {
    }

    public record CheckpointView(String logId, long treeSize, String rootHash, Instant signedAt, String note) {
        static CheckpointView of(String logId, SignedCheckpoint c) {
            return new CheckpointView(logId, c.checkpoint().treeSize(), c.checkpoint().rootHash(), c.checkpoint().time(), c.note());
        }
    }

    public record LogView(String logId, String origin, long size, CheckpointView latestCheckpoint) {
    }

    private final LedgerService ledgerService;
    private final LedgerVerificationService verification;
    private final CheckpointKey key;

    public LedgerResource(LedgerService ledgerService, LedgerVerificationService verification, CheckpointKey key) {
        this.ledgerService = ledgerService;
        this.verification = verification;
        this.key = key;
    }

    @GET
    @Path("/key")
    @PermitAll
    @Operation(summary = "The Ed25519 public key that signs checkpoints (C2SP verifier key and JWK); public")
    public KeyView key() {
        return new KeyView(key.verifier().keyName(), key.verifier().verifierKey(), key.verifier().jwk());
    }

    @GET
    @Path("/logs")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR, Roles.DATA_SUBJECT})
    @Operation(summary = "The logs, their sizes and newest checkpoints")
    public List<LogView> logs() {
        return ledgerService.logs().stream().map(log -> new LogView(log.logId(), log.origin(), log.size(),
                log.latestCheckpoint().map(c -> CheckpointView.of(log.logId(), c)).orElse(null))).toList();
    }

    @GET
    @Path("/logs/{logId}/checkpoints/latest")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR, Roles.DATA_SUBJECT})
    @Operation(summary = "A log's newest signed checkpoint")
    public CheckpointView latest(@PathParam("logId") String logId) {
        return signed(logId, () -> ledgerService.latestCheckpoint(logId), "checkpoint of log " + logId);
    }

    @GET
    @Path("/logs/{logId}/checkpoints/{treeSize}")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR, Roles.DATA_SUBJECT})
    @Operation(summary = "A log's signed checkpoint of one size")
    public CheckpointView checkpoint(@PathParam("logId") String logId, @PathParam("treeSize") long treeSize) {
        return signed(logId, () -> ledgerService.checkpoint(logId, treeSize),
                "checkpoint of size " + treeSize + " of log " + logId);
    }

    @GET
    @Path("/logs/{logId}/proofs/inclusion")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR, Roles.DATA_SUBJECT})
    @Operation(summary = "RFC 9162 inclusion proof of entry `index` in the tree of a signed checkpoint's size")
    public LedgerService.InclusionProof inclusion(@PathParam("logId") String logId,
            @QueryParam("index") @NotNull @Min(0) Long index, @QueryParam("treeSize") @NotNull @Min(1) Long treeSize) {
        requireLog(logId);
        return ledgerService.inclusionProof(logId, index, treeSize);
    }

    @GET
    @Path("/logs/{logId}/proofs/consistency")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR, Roles.DATA_SUBJECT})
    @Operation(summary = "RFC 9162 consistency proof between two signed checkpoints of a log")
    public LedgerService.ConsistencyProof consistency(@PathParam("logId") String logId,
            @QueryParam("first") @NotNull @Min(1) Long first, @QueryParam("second") @NotNull @Min(1) Long second) {
        requireLog(logId);
        return ledgerService.consistencyProof(logId, first, second);
    }

    @POST
    @Path("/verifications")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
    @Operation(summary = "Verify every log as stored against its signed checkpoints; names the first broken record")
    public LedgerVerificationService.Report verify() {
        return verification.verifyAll();
    }

    /** A checkpoint of a log: not found naming the log when there is no such log, else naming the checkpoint. */
    private CheckpointView signed(String logId, Supplier<Optional<SignedCheckpoint>> checkpoint, String name) {
        requireLog(logId);
        return checkpoint.get().map(c -> CheckpointView.of(logId, c)).orElseThrow(() -> ProblemException.notFound(name));
    }

    private void requireLog(String logId) {
        if (!ledgerService.exists(logId)) {
            throw ProblemException.notFound("log " + logId);
        }
    }

}
