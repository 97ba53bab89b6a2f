// Page slugs keep Vietnamese words readable: "Đường dây nóng" → "duong-day-nong".
//
// Wagtail's slug controller (w-slug) keeps only ASCII letters when
// WAGTAIL_ALLOW_UNICODE_SLUGS is off, so "học" became "hc" and "Đường" became "uong". Before
// it runs, the title it receives (w-sync:check, w-sync:apply) and a slug typed by hand (on
// blur) lose their marks here, and đ becomes d: the same letters as the server's
// common.slugs.slug_for.
(() => {
  const fold = (text) =>
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D");

  const isSlugInput = (element) =>
    element instanceof HTMLInputElement &&
    (element.getAttribute("data-controller") || "").split(/\s+/).includes("w-slug");

  // Capture phase: these run before the controller's own listeners on the input.
  for (const name of ["w-sync:check", "w-sync:apply"]) {
    document.addEventListener(
      name,
      (event) => {
        if (isSlugInput(event.target) && typeof event.detail?.value === "string") {
          event.detail.value = fold(event.detail.value);
        }
      },
      true,
    );
  }
  document.addEventListener(
    "blur",
    (event) => {
      if (isSlugInput(event.target)) event.target.value = fold(event.target.value);
    },
    true,
  );
})();
