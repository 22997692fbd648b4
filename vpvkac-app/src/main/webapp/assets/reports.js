/* Quality reports for supervisors and admins: a table, a bar chart of the case counts, CSV and XLSX downloads. */
'use strict';

(() => {
  const V = Vpvkac;
  const SVG = 'http://www.w3.org/2000/svg';
  const DIMENSIONS = ['SERVICE', 'INSTITUTION', 'CENTRE', 'CHANNEL'];

  function thisMonth() {
    return new Intl.DateTimeFormat('en-CA', {timeZone: 'Europe/Riga', year: 'numeric', month: '2-digit'}).format(new Date());
  }

  function chosen() {
    return DIMENSIONS.filter(d => document.getElementById('by-' + d).checked);
  }

  function query(format) {
    const q = new URLSearchParams({from: document.getElementById('from').value, to: document.getElementById('to').value,
      by: chosen().join(',').toLowerCase()});
    if (format) {
      // a download is a plain link: it names the page's language, which its Accept-Language need not be
      q.set('format', format);
      q.set('lang', V.lang);
    }
    return 'api/reports/quality?' + q;
  }

  /** The group's name from the report (the catalogue's, in the page's language), with the code where a name may repeat. */
  function groupText(row, dimension) {
    switch (dimension) {
      case 'SERVICE': return row.service_name ? row.service_name + ' (' + row.service + ')' : row.service;
      case 'INSTITUTION': return row.institution_name || row.institution;
      case 'CENTRE': return row.centre_name || row.centre;
      case 'CHANNEL': return row.channel_name || V.channelLabel(row.channel);
      default: return '';
    }
  }

  function percent(rate) {
    return rate === null || rate === undefined ? V.t('common.none')
      : new Intl.NumberFormat(V.lang === 'lv' ? 'lv-LV' : 'en-GB', {style: 'percent', maximumFractionDigits: 1}).format(rate);
  }

  /** Horizontal bars, one per row of the table, drawn as SVG elements with text nodes only. */
  function chart(rows, dims) {
    const barHeight = 22;
    const labelWidth = 320;
    const width = 760;
    const max = Math.max(1, ...rows.map(r => r.cases));
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'chart');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', V.t('reports.chartLabel'));
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + (rows.length * (barHeight + 6) + 6));
    rows.forEach((row, i) => {
      const y = 6 + i * (barHeight + 6);
      const label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', '0');
      label.setAttribute('y', String(y + barHeight * 0.7));
      const text = [row.period, ...dims.map(d => groupText(row, d))].join(' · ');
      label.textContent = text.length > 48 ? text.slice(0, 47) + '…' : text;
      const bar = document.createElementNS(SVG, 'rect');
      bar.setAttribute('class', 'bar-rect');
      bar.setAttribute('x', String(labelWidth));
      bar.setAttribute('y', String(y));
      bar.setAttribute('height', String(barHeight));
      bar.setAttribute('width', String(Math.max(1, (width - labelWidth - 60) * row.cases / max)));
      const value = document.createElementNS(SVG, 'text');
      value.setAttribute('x', String(labelWidth + (width - labelWidth - 60) * row.cases / max + 6));
      value.setAttribute('y', String(y + barHeight * 0.7));
      value.textContent = String(row.cases);
      svg.append(label, bar, value);
    });
    return svg;
  }

  async function load() {
    V.quiet();
    const dims = chosen();
    document.getElementById('download-csv').setAttribute('href', query('csv'));
    document.getElementById('download-xlsx').setAttribute('href', query('xlsx'));
    let rows;
    try {
      rows = await V.api('GET', query(null));
    } catch (e) {
      V.fail(e);
      return;
    }
    const columns = [['period', 'reports.col.period'], ...dims.map(d => [d, 'reports.col.' + d.toLowerCase()]),
      ['cases', 'reports.col.cases'], ['served', 'reports.col.served'], ['median_time_to_serve_s', 'reports.col.medianServe'],
      ['median_handling_s', 'reports.col.medianHandling'], ['median_waiting_s', 'reports.col.medianWaiting'],
      ['overdue_rate', 'reports.col.overdue']];
    V.show(document.getElementById('report-head'), columns.map(([name, key]) =>
      V.el('th', {scope: 'col', class: ['cases', 'served'].includes(name) ? 'number' : null}, V.t(key))));
    V.show(document.getElementById('report-rows'), rows.map(row => V.el('tr', {'data-service': row.service, 'data-period': row.period},
      columns.map(([name]) => {
        if (DIMENSIONS.includes(name)) {
          return V.el('td', {}, groupText(row, name));
        }
        if (name.endsWith('_s')) {
          return V.el('td', {class: 'number'}, V.duration(row[name]));
        }
        if (name === 'overdue_rate') {
          return V.el('td', {class: 'number'}, percent(row[name]));
        }
        return V.el('td', {class: ['cases', 'served'].includes(name) ? 'number ' + name : name}, String(row[name]));
      }))));
    document.getElementById('report-table').hidden = rows.length === 0;
    document.getElementById('report-figure').hidden = rows.length === 0;
    document.getElementById('report-empty').hidden = rows.length > 0;
    V.show(document.getElementById('report-chart'), rows.length ? chart(rows, dims) : []);
  }

  V.start('reports', 'reports.title', async () => {
    if (!V.readsReports()) {
      document.getElementById('report-form').hidden = true;
      throw new V.ApiError(403, V.t('error.forbidden'), 'forbidden');
    }
    const month = thisMonth();
    document.getElementById('from').value = V.param('from') || month;
    document.getElementById('to').value = V.param('to') || month;
    document.getElementById('report-form').addEventListener('submit', event => {
      event.preventDefault();
      load();
    });
    await load();
  });
})();
