package io.vigil.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the first payload bytes say a flow speaks, where a rule depends on it (a call's RTCP is no beacon). */
class AppClassifierTest {

    @Test
    void anRtcpSenderReportOnAnyUdpPortIsRtcp() {
        // as ffmpeg sends it: V=2, one report block count 0, type 200 (SR), length 6 words (28 bytes), then SDES
        byte[] sr = new byte[28 + 12];
        sr[0] = (byte) 0x80;
        sr[1] = (byte) 200;
        sr[3] = 6;
        sr[28] = (byte) 0x81;
        sr[29] = (byte) 202;
        sr[31] = 2;

        assertThat(AppClassifier.classify(sr, 0, sr.length, true, false, 5005)).isEqualTo("rtcp");
    }

    @Test
    void rtpMediaAndOtherBytesAreNot() {
        byte[] rtp = new byte[172];
        rtp[0] = (byte) 0x80; // RTP: V=2, payload type 0 (G.711)
        byte[] tooLong = {(byte) 0x80, (byte) 200, 0, 40, 0, 0, 0, 0}; // claims 164 bytes in 8
        byte[] version1 = {(byte) 0x40, (byte) 200, 0, 1, 0, 0, 0, 0};

        assertThat(AppClassifier.classify(rtp, 0, rtp.length, true, false, 5004)).isNull();
        assertThat(AppClassifier.classify(tooLong, 0, tooLong.length, true, false, 5005)).isNull();
        assertThat(AppClassifier.classify(version1, 0, version1.length, true, false, 5005)).isNull();
    }
}
