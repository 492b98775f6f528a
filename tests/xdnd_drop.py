#!/usr/bin/env python3
"""xdnd_drop.py WINDOW FILE [TIMEOUT] -- drops FILE on the X11 window WINDOW as a file manager does.

A drag source for the XDND protocol, version 5 (freedesktop.org's "Drag-and-Drop Protocol for the
X Window System"), so that a test can drop a file on the workbench under Xvfb: xdotool moves the
pointer but carries no data. The source is an unmapped, override-redirect window of our own that
owns the XdndSelection; the target is WINDOW (an id as xdotool prints it, decimal or 0x hex).

Exits 0 once the target has sent XdndFinished saying that it accepted the drop; 1 with one line
on stderr naming the step that failed (no XdndAware, refused, no reply within TIMEOUT seconds,
default 10); 2 for bad arguments.

The messages, as the specification lays out the ClientMessage's data.l[0..4] (format 32):
  XdndEnter     source window | version << 24 (bit 0: more than 3 types) | type 1 | type 2 | type 3
  XdndPosition  source window | 0 | root x << 16 | root y | time | requested action
  XdndStatus    target window | bit 0: accepts | rectangle x, y | w, h | accepted action
  XdndLeave     source window | 0
  XdndDrop      source window | 0 | time (the one the selection is owned with)
  XdndFinished  target window | bit 0: accepted | action performed
"""
import os
import select
import sys
import time
import urllib.parse

from Xlib import X, Xatom, display, error
from Xlib.protocol import event

OUR_VERSION = 5
URI_LIST = "text/uri-list"


def die(msg):
    print("xdnd_drop: " + msg, file=sys.stderr)
    sys.exit(1)


class Source:
    def __init__(self, d, target_id, path, timeout):
        self.d = d
        self.root = d.screen().root
        self.target = d.create_resource_object("window", target_id)
        self.deadline = time.monotonic() + timeout
        self.timeout = timeout
        atom = lambda name: d.intern_atom(name)
        self.a = {n: atom(n) for n in ("XdndAware", "XdndProxy", "XdndSelection", "XdndEnter",
                                        "XdndPosition", "XdndStatus", "XdndLeave", "XdndDrop",
                                        "XdndFinished", "XdndActionCopy", "TARGETS", URI_LIST)}
        # file:///a%20b.csv: a URI names a local file by its absolute path, each byte outside the
        # unreserved set escaped; text/uri-list ends each line with CRLF (RFC 2483)
        uri = "file://" + urllib.parse.quote(os.path.abspath(path), safe="/")
        self.data = (uri + "\r\n").encode()
        self.served = 0
        self.win = self.root.create_window(-10, -10, 1, 1, 0, X.CopyFromParent,
                                           override_redirect=True,
                                           event_mask=X.PropertyChangeMask)

    def server_time(self):
        """A timestamp from the server: the time of a PropertyNotify that we cause. The selection's
        owner and the XdndDrop's time must be a real server time (ICCCM: not CurrentTime)."""
        prop = self.d.intern_atom("_XDND_DROP_TIME")
        self.win.change_property(prop, Xatom.STRING, 8, b"")
        self.d.flush()
        ev = self.wait(lambda e: e.type == X.PropertyNotify and e.atom == prop,
                       "the PropertyNotify that gives a timestamp")
        return ev.time

    def target_version(self):
        """The XdndAware version on the target, where SDL puts it when drops are enabled."""
        try:
            prop = self.target.get_full_property(self.a["XdndAware"], Xatom.ATOM)
        except error.BadWindow:
            die("window 0x%x does not exist" % self.target.id)
        if prop is None or len(prop.value) < 1:
            die("window 0x%x has no XdndAware property: it does not accept drops (SDL sets it on its "
                "toplevel window when SDL_DROPFILE is enabled)" % self.target.id)
        return int(prop.value[0])

    def destination(self):
        """The window that receives the messages: the target, or the proxy that it names, when the
        proxy names itself too (the specification's check against a stale XdndProxy)."""
        prop = self.target.get_full_property(self.a["XdndProxy"], Xatom.WINDOW)
        if prop is None or len(prop.value) < 1:
            return self.target
        proxy = self.d.create_resource_object("window", int(prop.value[0]))
        try:
            own = proxy.get_full_property(self.a["XdndProxy"], Xatom.WINDOW)
        except error.BadWindow:
            return self.target
        return proxy if own is not None and len(own.value) and own.value[0] == proxy.id else self.target

    def send(self, kind, l1=0, l2=0, l3=0, l4=0):
        """One XDND message from us, data.l[0] our window; the event's window is the target's even
        when a proxy receives it."""
        ev = event.ClientMessage(window=self.target, client_type=self.a[kind],
                                 data=(32, [self.win.id, l1, l2, l3, l4]))
        self.dest.send_event(ev, event_mask=0, propagate=False)
        self.d.flush()

    def wait(self, want, what):
        """Events until want(event) is true, answering the target's requests for our selection
        meanwhile; dies at the deadline, naming what did not come."""
        while True:
            while self.d.pending_events():
                ev = self.d.next_event()
                if ev.type == X.SelectionRequest:
                    self.answer(ev)
                elif want(ev):
                    return ev
            left = self.deadline - time.monotonic()
            if left <= 0:
                die("no %s from window 0x%x within %g s" % (what, self.target.id, self.timeout))
            select.select([self.d.fileno()], [], [], left)

    def answer(self, req):
        """A SelectionRequest for XdndSelection: the URI list when asked for text/uri-list, the
        list of what we offer for TARGETS, a refusal (property None) for anything else."""
        prop = req.property if req.property != X.NONE else req.target  # obsolete requestors
        if req.selection != self.a["XdndSelection"]:
            prop = X.NONE
        elif req.target == self.a[URI_LIST]:
            req.requestor.change_property(prop, self.a[URI_LIST], 8, self.data)
            self.served += 1
        elif req.target == self.a["TARGETS"]:
            req.requestor.change_property(prop, Xatom.ATOM, 32, [self.a["TARGETS"], self.a[URI_LIST]])
        else:
            prop = X.NONE
        reply = event.SelectionNotify(time=req.time, requestor=req.requestor, selection=req.selection,
                                      target=req.target, property=prop)
        req.requestor.send_event(reply, event_mask=0, propagate=False)
        self.d.flush()

    def is_message(self, ev, kind):
        return ev.type == X.ClientMessage and ev.client_type == self.a[kind]

    def drop(self):
        version = min(OUR_VERSION, self.target_version())
        if version < 3:
            die("window 0x%x speaks XDND version %d; this source needs 3 or later"
                % (self.target.id, version))
        self.dest = self.destination()
        geo = self.target.get_geometry()
        # the middle of the window, in root coordinates
        pos = self.root.translate_coords(self.target, geo.width // 2, geo.height // 2)
        x, y = pos.x, pos.y
        t = self.server_time()
        self.win.set_selection_owner(self.a["XdndSelection"], t)
        self.d.flush()
        owner = self.d.get_selection_owner(self.a["XdndSelection"])
        if getattr(owner, "id", owner) != self.win.id:
            die("could not own the XdndSelection")

        # one type, so it goes in data.l[2] and bit 0 (a longer XdndTypeList) stays clear
        self.send("XdndEnter", version << 24, self.a[URI_LIST])
        self.send("XdndPosition", 0, (x << 16) | y, t, self.a["XdndActionCopy"])
        status = self.wait(lambda e: self.is_message(e, "XdndStatus"), "XdndStatus")
        l = status.data[1]
        if l[0] != self.target.id:
            die("XdndStatus from window 0x%x, expected 0x%x" % (l[0], self.target.id))
        if not l[1] & 1:
            self.send("XdndLeave")
            die("window 0x%x refused the drop of %s (XdndStatus without accept)" % (self.target.id, URI_LIST))
        self.send("XdndDrop", 0, t)
        finished = self.wait(lambda e: self.is_message(e, "XdndFinished"), "XdndFinished")
        l = finished.data[1]
        # before version 5, XdndFinished carries no result: having asked for the data is the answer
        accepted = (l[1] & 1) if version >= 5 else self.served > 0
        if not accepted:
            die("window 0x%x finished the drop without accepting it" % self.target.id)
        if self.served == 0:
            die("window 0x%x finished the drop without asking for %s" % (self.target.id, URI_LIST))
        return version


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        return 2
    try:
        target = int(argv[1], 0)
        timeout = float(argv[3]) if len(argv) == 4 else 10.0
    except ValueError:
        print("xdnd_drop: expected a window id and seconds, got %s" % " ".join(argv[1:]), file=sys.stderr)
        return 2
    if not os.path.exists(argv[2]):
        print("xdnd_drop: %s: no such file" % argv[2], file=sys.stderr)
        return 2
    try:
        d = display.Display()
    except Exception as e:  # no $DISPLAY, or a server that refuses us
        die("cannot open the display %s: %s" % (os.environ.get("DISPLAY", "(unset)"), e))
    version = Source(d, target, argv[2], timeout).drop()
    print("xdnd_drop: %s dropped on window 0x%x (XDND version %d)" % (argv[2], target, version))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
