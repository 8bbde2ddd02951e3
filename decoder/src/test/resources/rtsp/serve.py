#!/usr/bin/python3
"""A small RTSP camera for tests: serves an H.264 MP4 file with GStreamer's RTSP server.

Usage: serve.py PORT PATH FILE [USER PASSWORD]
Listens on 127.0.0.1:PORT, serves rtsp://127.0.0.1:PORT/PATH (each client gets the file from its
start, in real time), with Basic authentication when USER and PASSWORD are given. Prints READY once
it listens and runs until killed.
"""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def main():
    port, path, media = sys.argv[1], sys.argv[2], sys.argv[3]
    user = sys.argv[4] if len(sys.argv) > 5 else None
    password = sys.argv[5] if len(sys.argv) > 5 else None
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(port)
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(
        "( filesrc location=%s ! qtdemux ! rtph264pay name=pay0 pt=96 config-interval=1 )" % media
    )
    factory.set_shared(False)
    if user is not None:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "viewer")
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
        server.set_auth(auth)
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_permission_for_role("viewer", "media.factory.access", True)
        permissions.add_permission_for_role("viewer", "media.factory.construct", True)
        factory.set_permissions(permissions)
    server.get_mount_points().add_factory("/" + path, factory)
    if server.attach(None) == 0:
        print("FAILED to listen on port %s" % port, flush=True)
        sys.exit(1)
    print("READY", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
