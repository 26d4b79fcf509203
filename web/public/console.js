// The little the pages do in the browser: mark the current section, and ask before an action that ends a case.
document.addEventListener('DOMContentLoaded', () => {
  const section = location.pathname.startsWith('/console/calls')
    ? 'calls'
    : location.pathname.startsWith('/console/cases') && !/\/console\/cases\/./.test(location.pathname)
      ? 'cases'
      : location.pathname === '/'
        ? 'work'
        : '';
  document.querySelectorAll('[data-nav]').forEach((a) => {
    if (a.dataset.nav === section) a.setAttribute('aria-current', 'page');
  });
  document.querySelectorAll('form[data-action]').forEach((form) => {
    if (!['WITHDRAW', 'CANCEL', 'REJECT_APPLICATION'].includes(form.dataset.action)) return;
    form.addEventListener('submit', (e) => {
      if (!confirm(form.querySelector('button[type=submit]').textContent + '?')) e.preventDefault();
    });
  });
});
