// Progressive enhancement only: the site works without this file.
document.documentElement.classList.add("js");
