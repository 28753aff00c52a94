/** The venue-code mini-program. Pages are built with Component() so they can be tested off-device. */
App({});
