// Privacy-friendly video: nothing loads from YouTube or Vimeo until the visitor presses play.
// Then the player (youtube-nocookie.com, or player.vimeo.com with dnt=1) replaces the
// placeholder. Without JavaScript the button is a plain link to the video on its own site.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".video__play");
  if (!button) return;
  const box = button.closest(".video[data-video-embed]");
  if (!box) return;
  event.preventDefault();
  const frame = document.createElement("iframe");
  frame.src = box.dataset.videoEmbed;
  frame.title = box.dataset.videoTitle || "Video";
  frame.allow = "autoplay; fullscreen; picture-in-picture";
  frame.allowFullscreen = true;
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  frame.className = "video__frame";
  box.replaceChildren(frame);
  box.classList.add("video--playing");
  frame.focus();
});
