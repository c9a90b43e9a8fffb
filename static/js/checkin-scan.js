/*
 * Check-in at the door: read the QR code of a confirmation e-mail with the
 * phone's camera, where the browser can (the BarcodeDetector API, e.g. Chrome on
 * Android). The code holds the registration's reference; it goes into the search
 * box and the form is sent, just as a hand scanner types it and presses Enter.
 *
 * Without BarcodeDetector, a camera or JavaScript the camera button stays hidden
 * and the search box works as before. The texts come from the page's data-
 * attributes (translated by the server). window.AnmalanCheckin.onDecoded(text)
 * is what a read code calls (the browser tests call it too).
 */
(function () {
  "use strict";

  var root = document.getElementById("checkin-camera");
  if (!root) {
    return;
  }
  var form = document.getElementById(root.getAttribute("data-form"));
  var input = form ? form.querySelector("input[name=q]") : null;
  var startButton = document.getElementById("checkin-camera-start");
  var stopButton = document.getElementById("checkin-camera-stop");
  var view = document.getElementById("checkin-camera-view");
  var video = document.getElementById("checkin-camera-video");
  var status = document.getElementById("checkin-camera-status");
  var stream = null;
  var timer = null;
  var sent = false;

  function say(name, code) {
    var text = root.getAttribute("data-" + name) || "";
    status.textContent = code ? text + " " + code : text;
  }

  function supported() {
    return (
      "BarcodeDetector" in window &&
      !!navigator.mediaDevices &&
      typeof navigator.mediaDevices.getUserMedia === "function"
    );
  }

  function stop() {
    if (timer !== null) {
      window.clearTimeout(timer);
      timer = null;
    }
    if (stream) {
      stream.getTracks().forEach(function (track) {
        track.stop();
      });
      stream = null;
    }
    video.srcObject = null;
    view.hidden = true;
    startButton.hidden = false;
    startButton.setAttribute("aria-expanded", "false");
  }

  function onDecoded(text) {
    var value = String(text === undefined || text === null ? "" : text).trim();
    if (!value || sent || !form || !input) {
      return false;
    }
    sent = true;
    say("read", value);
    stop();
    input.value = value.slice(0, 200);
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.submit();
    }
    return true;
  }

  window.AnmalanCheckin = { onDecoded: onDecoded, supported: supported };

  if (!supported() || !form || !input) {
    return;
  }

  function scan(detector) {
    timer = window.setTimeout(function () {
      timer = null;
      if (!stream) {
        return;
      }
      detector
        .detect(video)
        .then(function (codes) {
          if (codes.length && onDecoded(codes[0].rawValue)) {
            return;
          }
          scan(detector);
        })
        .catch(function () {
          scan(detector);
        });
    }, 200);
  }

  function start() {
    var detector;
    try {
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    } catch (error) {
      say("refused");
      return;
    }
    view.hidden = false;
    startButton.setAttribute("aria-expanded", "true");
    say("starting");
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        return video.play();
      })
      .then(function () {
        startButton.hidden = true;
        say("looking");
        stopButton.focus();
        scan(detector);
      })
      .catch(function () {
        stop();
        view.hidden = false;
        say("refused");
      });
  }

  startButton.addEventListener("click", start);
  stopButton.addEventListener("click", function () {
    stop();
    startButton.focus();
  });
  window.addEventListener("pagehide", stop);

  var formats = window.BarcodeDetector.getSupportedFormats;
  Promise.resolve(typeof formats === "function" ? formats.call(window.BarcodeDetector) : [])
    .then(function (list) {
      if (list.indexOf("qr_code") !== -1) {
        root.hidden = false;
      }
    })
    .catch(function () {});
})();
