// Loaded by a printable 通报 opened with ?dialog=1 (the bulletin page's 打印 button): opens the
// browser's print dialog once the page has laid out.
window.addEventListener('load', () => window.print())
