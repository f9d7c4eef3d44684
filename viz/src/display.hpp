#pragma once
// The X display, kept apart so that no other file sees Xlib's macros.

namespace kaiten::viz {

/// Opens one connection to $DISPLAY and keeps it for the life of the process; retries briefly
/// if the server is busy. An X server resets when its last client disconnects and refuses new
/// connections meanwhile; SFML closes its connection when its last window or texture goes, so a
/// later one could fail (and SFML 2.5 then aborts). Throws RenderError if the display cannot be
/// opened.
void hold_display();

}  // namespace kaiten::viz
