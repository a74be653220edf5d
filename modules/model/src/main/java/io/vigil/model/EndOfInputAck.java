package io.vigil.model;

import java.util.List;

/**
 * Written by the detector to {@code vigil.control.v1} once one of its end-of-input stages
 * has seen the markers of run {@code run} from every upstream partition and has emitted
 * everything they closed. Because it is written in the same transaction as those alerts,
 * a reader that sees every ack also sees every alert of the run.
 */
public record EndOfInputAck(int v, String run, String stage, int partition, int partitions) {

    public static final int VERSION = 1;

    public List<String> problems() {
        if (run == null || stage == null) return List.of("run and stage are required");
        return List.of();
    }
}
