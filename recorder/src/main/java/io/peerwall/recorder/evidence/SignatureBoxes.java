package io.peerwall.recorder.evidence;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The file-level 'meta' box the signer appends, built with an all-zero signature (the form the
 * signature is computed over), and the offset of the signature inside it.
 *
 * <pre>
 * meta (full box)
 *   hdlr  handler 'null', name "PeerWall evidence"
 *   suep  ONVIF SurveillanceExportBox v1: station, export time, operator, cameras
 *   uuid  PeerWall diagnostic manifest (Manifest)
 *   uuid  PeerWall bookmarks (BookmarkBox), only when the export carries bookmarks
 *   ipro  (full box) protection_count 1
 *     sinf
 *       schm  (full box) scheme 'oeff' version 1.0
 *       schi
 *         sibo  signature (zeros while hashing)
 *         cert  DER certificate
 *         cstb  start time per track
 * </pre>
 */
record SignatureBoxes(byte[] bytes, int signatureOffset, int signatureLength) {

  static SignatureBoxes build(
      StationSigningKey key, ExportDescription description, List<BoxDigest> boxes) {
    byte[] suep = OnvifBoxes.suep(description);
    byte[] cstb = OnvifBoxes.cstb(description);
    byte[] cert = key.certificateDer();
    Manifest manifest =
        new Manifest(Pss.sha256(cert), ExportSigner.crc32c(suep), ExportSigner.crc32c(cstb), boxes);
    byte[] hdlr =
        BoxWriter.fullBox(0, 0)
            .u32(0)
            .fourcc("null")
            .u32(0)
            .u32(0)
            .u32(0)
            .string("PeerWall evidence")
            .finish("hdlr");
    int sigLength = key.signatureLength();
    byte[] sibo = BoxWriter.box().bytes(new byte[sigLength]).finish("sibo");
    byte[] certBox = BoxWriter.box().bytes(cert).finish("cert");
    byte[] schi = BoxWriter.box().bytes(sibo).bytes(certBox).bytes(cstb).finish("schi");
    byte[] sinf = BoxWriter.box().bytes(OnvifBoxes.schm()).bytes(schi).finish("sinf");
    byte[] ipro = BoxWriter.fullBox(0, 0).u16(1).bytes(sinf).finish("ipro");
    byte[] manifestBox = manifest.toBox();
    byte[] bookmarkBox = BookmarkBox.write(description.bookmarks());
    byte[] bookmarks = bookmarkBox == null ? new byte[0] : bookmarkBox;
    BoxWriter meta =
        BoxWriter.fullBox(0, 0)
            .bytes(hdlr)
            .bytes(suep)
            .bytes(manifestBox)
            .bytes(bookmarks)
            .bytes(ipro);
    byte[] all = meta.finish("meta");
    // meta header 8 + version/flags 4, then hdlr, suep, manifest, bookmarks; ipro header 8 + 4 +
    // count 2;
    // sinf header 8; schm; schi header 8; sibo header 8.
    int offset =
        8
            + 4
            + hdlr.length
            + suep.length
            + manifestBox.length
            + bookmarks.length
            + 8
            + 4
            + 2
            + 8
            + OnvifBoxes.schm().length
            + 8
            + 8;
    return new SignatureBoxes(all, offset, sigLength);
  }

  byte[] withSignature(byte[] signature) {
    if (signature.length != signatureLength) {
      throw new IllegalStateException(
          "signature of " + signature.length + " bytes for a " + signatureLength + "-byte box");
    }
    byte[] out = bytes.clone();
    ByteBuffer.wrap(out).position(signatureOffset).put(signature);
    return out;
  }
}
